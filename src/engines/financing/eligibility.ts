// One small rule evaluator for the financing agencies' eligibility rules, which are data
// (data/financing/eligibility-rules.json): a rule applies `when` its condition holds and passes
// when `require` holds. Every result explains itself with the facts compared and the citation.
import { z } from 'zod';

const FACTS = [
  'requestedUsd',
  'contractValueUsd',
  'usContentShare',
  'usContentValueUsd',
  'chinaContentShare',
  'projectCostUsd',
  'buyerType',
  'incomeGroup',
  'hostSubcontractShare',
  'exporterSmallBusiness',
  'instrument',
  'country',
] as const;
export type FactName = (typeof FACTS)[number];
export type Facts = Partial<Record<FactName, number | string | boolean | null>>;

const FactRef = z.strictObject({ fact: z.enum(FACTS), times: z.number().optional() });
type ValueExpr = number | string | boolean | string[] | z.infer<typeof FactRef> | { min: ValueExpr[] };
const ValueExpr: z.ZodType<ValueExpr> = z.lazy(() =>
  z.union([z.number(), z.string(), z.boolean(), z.array(z.string()), FactRef, z.strictObject({ min: z.array(ValueExpr).min(1) })]),
);

type Condition =
  | { fact: FactName; op: 'lte' | 'lt' | 'gte' | 'gt' | 'eq' | 'neq' | 'in' | 'notIn'; value: ValueExpr }
  | { all: Condition[] }
  | { any: Condition[] };
const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ fact: z.enum(FACTS), op: z.enum(['lte', 'lt', 'gte', 'gt', 'eq', 'neq', 'in', 'notIn']), value: ValueExpr }),
    z.strictObject({ all: z.array(Condition).min(1) }),
    z.strictObject({ any: z.array(Condition).min(1) }),
  ]),
);

export const RuleSchema = z.strictObject({
  id: z.string().min(1),
  agency: z.enum(['EXIM', 'DFC', 'USTDA', 'SBA']),
  instruments: z.array(z.string()).optional(),
  title: z.string().min(1),
  citation: z.string().min(1),
  severity: z.enum(['blocking', 'advisory']),
  uncertain: z.string().optional(),
  when: Condition.optional(),
  require: Condition,
});
export type Rule = z.infer<typeof RuleSchema>;

export const RuleSetSchema = z.strictObject({
  version: z.string().min(1),
  effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  uncertain: z.string().optional(),
  rules: z.array(RuleSchema).min(1),
});
export type RuleSet = z.infer<typeof RuleSetSchema>;

export const RuleBookSchema = z.object({ note: z.string().optional(), ruleSets: z.array(RuleSetSchema).min(1) });
export type RuleBook = z.infer<typeof RuleBookSchema>;

/** The rule set in force on a date: the latest whose effectiveFrom is on or before it. */
export function ruleSetOn(book: RuleBook, date: string): RuleSet | null {
  const day = date.slice(0, 10);
  return [...book.ruleSets].filter((s) => s.effectiveFrom <= day).sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1))[0] ?? null;
}

class MissingFact extends Error {
  constructor(readonly fact: FactName) {
    super(fact);
  }
}

function factValue(facts: Facts, name: FactName) {
  const v = facts[name];
  if (v === undefined || v === null) throw new MissingFact(name);
  return v;
}

function resolve(v: ValueExpr, facts: Facts): { value: unknown; text: string } {
  if (Array.isArray(v)) return { value: v, text: `[${v.join(', ')}]` };
  if (typeof v !== 'object') return { value: v, text: fmt(v) };
  if ('min' in v) {
    const parts = v.min.map((x) => resolve(x, facts));
    const value = Math.min(...parts.map((p) => Number(p.value)));
    return { value, text: `${fmt(value)} (the lesser of ${parts.map((p) => p.text).join(' and ')})` };
  }
  const base = factValue(facts, v.fact);
  const times = v.times ?? 1;
  const value = Number(base) * times;
  return { value, text: times === 1 ? `${v.fact} ${fmt(base)}` : `${times * 100} % of ${v.fact} ${fmt(base)} = ${fmt(value)}` };
}

function fmt(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) >= 1000 ? v.toLocaleString('en-US') : String(Math.round(v * 10000) / 10000);
  return String(v);
}

const OP_TEXT = { lte: '≤', lt: '<', gte: '≥', gt: '>', eq: '=', neq: '≠', in: 'in', notIn: 'not in' } as const;

function evaluate(c: Condition, facts: Facts): { ok: boolean; text: string } {
  if ('all' in c) {
    const parts = c.all.map((x) => evaluate(x, facts));
    return { ok: parts.every((p) => p.ok), text: parts.map((p) => p.text).join(' and ') };
  }
  if ('any' in c) {
    const parts = c.any.map((x) => evaluate(x, facts));
    return { ok: parts.some((p) => p.ok), text: parts.map((p) => p.text).join(' or ') };
  }
  const left = factValue(facts, c.fact);
  const right = resolve(c.value, facts);
  const r = right.value;
  let ok: boolean;
  switch (c.op) {
    case 'lte': ok = Number(left) <= Number(r); break;
    case 'lt': ok = Number(left) < Number(r); break;
    case 'gte': ok = Number(left) >= Number(r); break;
    case 'gt': ok = Number(left) > Number(r); break;
    case 'eq': ok = left === r; break;
    case 'neq': ok = left !== r; break;
    case 'in': ok = (r as unknown[]).includes(left); break;
    case 'notIn': ok = !(r as unknown[]).includes(left); break;
  }
  return { ok, text: `${c.fact} ${fmt(left)} ${OP_TEXT[c.op]} ${right.text}` };
}

export interface RuleResult {
  ruleId: string;
  title: string;
  citation: string;
  severity: 'blocking' | 'advisory';
  outcome: 'pass' | 'fail' | 'needs_information' | 'not_applicable';
  explanation: string;
  uncertain?: string;
}

export interface EligibilityResult {
  agency: string;
  instrument: string;
  ruleSetVersion: string;
  effectiveFrom: string;
  eligible: boolean | null;
  results: RuleResult[];
}

/** Evaluates every rule of the agency (and instrument) in force on `date` against the facts. */
export function evaluateEligibility(book: RuleBook, agency: string, instrument: string, facts: Facts, date: string): EligibilityResult {
  const set = ruleSetOn(book, date);
  if (!set) throw new Error(`No eligibility rule set is in force on ${date.slice(0, 10)}`);
  const withInstrument = { ...facts, instrument };
  const results = set.rules
    .filter((r) => r.agency === agency && (!r.instruments || r.instruments.includes(instrument)))
    .map((rule): RuleResult => {
      const base = { ruleId: rule.id, title: rule.title, citation: rule.citation, severity: rule.severity, ...(rule.uncertain ? { uncertain: rule.uncertain } : {}) };
      try {
        if (rule.when) {
          const w = evaluate(rule.when, withInstrument);
          if (!w.ok) return { ...base, outcome: 'not_applicable', explanation: `Does not apply: ${w.text} does not hold` };
        }
        const r = evaluate(rule.require, withInstrument);
        return { ...base, outcome: r.ok ? 'pass' : 'fail', explanation: `${r.ok ? 'Passes' : 'Fails'}: ${r.text}` };
      } catch (err) {
        if (err instanceof MissingFact) return { ...base, outcome: 'needs_information', explanation: `Needs ${err.fact} to decide` };
        throw err;
      }
    });
  const blocking = results.filter((r) => r.severity === 'blocking');
  const eligible = blocking.some((r) => r.outcome === 'fail') ? false : blocking.some((r) => r.outcome === 'needs_information') ? null : true;
  return { agency, instrument, ruleSetVersion: set.version, effectiveFrom: set.effectiveFrom, eligible, results };
}
