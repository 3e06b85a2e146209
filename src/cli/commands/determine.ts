// `aiep determine`: export-control license determinations (docs/operations.md#the-cli).
//   aiep determine --cases FILE.json        → JSON array, in input order, on stdout
//   aiep determine --eccn 3A090.a --to AE [--end-user-hq CN] [--end-use CODE] [--as-of DATE] [--json]
// One question is answered with its assumptions, conditions and sensitivity (what would change
// the answer); --cases adds sensitivity only with --explain.
// Errors (unreadable file, invalid case, unknown ECCN or country) are thrown; main.ts prints
// them and exits 1.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { determine } from '../../engines/export-control/determine.ts';
import type { Determination } from '../../engines/export-control/types.ts';
import { clockFromEnv } from '../../server/lib/clock.ts';

interface DetermineOptions {
  cases?: string;
  eccn?: string;
  to?: string;
  endUserHq?: string;
  endUserParentHq?: string;
  endUse: string[];
  asOf?: string;
  json?: boolean;
  explain?: boolean;
}

/** The output record of the CLI contract (plus needsInformation/literalOutcome when present). */
function contractRecord(id: unknown, d: Determination): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: id ?? null,
    licenseRequired: d.licenseRequired,
    reasons: d.reasons,
    exceptions: d.exceptions.map((e) => ({ code: e.code, conditions: e.conditions, citation: e.citation })),
    reviewPolicy: d.reviewPolicy,
    redFlags: d.redFlags,
  };
  if (d.needsInformation) out.needsInformation = d.needsInformation;
  if (d.literalOutcome) out.literalOutcome = d.literalOutcome;
  out.assumed = d.assumed === true;
  if (d.assumptions) out.assumptions = d.assumptions;
  if (d.conditions) out.conditions = d.conditions;
  if (d.sensitivity) out.sensitivity = d.sensitivity;
  return out;
}

function readCases(file: string): unknown[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const cases = Array.isArray(doc) ? doc : (doc as { cases?: unknown } | null)?.cases;
  if (!Array.isArray(cases)) throw new Error(`${file}: expected {"cases": [...]} or a JSON array of cases`);
  // A file-level default date (meta.asOfDefault, as in cases.dev.json) applies to cases without asOf.
  const asOfDefault = (doc as { meta?: { asOfDefault?: unknown } }).meta?.asOfDefault;
  if (typeof asOfDefault !== 'string') return cases;
  return cases.map((c) => (c && typeof c === 'object' && !('asOf' in c) ? { ...c, asOf: asOfDefault } : c));
}

function runCases(file: string, explain: boolean): void {
  const results = readCases(file).map((c, i) => {
    const id = (c as { id?: unknown } | null)?.id;
    try {
      return contractRecord(id, determine(c, undefined, { today: clockFromEnv().today(), explain }));
    } catch (err) {
      const label = id !== undefined ? `case ${String(id)}` : `case #${i + 1}`;
      throw new Error(`${label}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  });
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

const VERDICT: Record<string, string> = {
  true: 'LICENSE REQUIRED',
  false: 'NO LICENSE REQUIRED (NLR)',
  prohibited: 'PROHIBITED',
  null: 'NEEDS INFORMATION',
};

const OUTCOME: Record<string, string> = { true: 'license required', false: 'no license required', prohibited: 'prohibited', null: 'undecided' };

function humanReadable(question: string, d: Determination): string {
  const verdict = `${VERDICT[String(d.licenseRequired)]}${d.assumed ? ', under the assumptions below' : ''}`;
  const lines = [`${question}: ${verdict}`, '', 'Reasons:'];
  for (const r of d.reasons) lines.push(`  - ${r.text}`, `      [${r.citation}]`);
  if (d.assumptions?.length) {
    lines.push('', 'Assuming (facts not given):');
    for (const a of d.assumptions) lines.push(`  - ${a.text}${a.citation ? ` [${a.citation}]` : ''}`);
  }
  if (d.conditions?.length) {
    lines.push('', 'Conditions (the answer if a missing fact turns out otherwise):');
    for (const c of d.conditions) lines.push(`  - ${c.text}`, `      [${c.citation}]`);
  }
  const open = (d.needsInformation ?? []).filter((n) => !d.assumptions?.some((a) => a.fact === n));
  if (open.length) lines.push('', 'Needs information:', ...open.map((n) => `  - ${n}`));
  lines.push('', d.exceptions.length ? 'License exceptions that may apply:' : 'License exceptions: none');
  for (const e of d.exceptions) lines.push(`  - ${e.code} (${e.name}): ${e.conditions}`, `      [${e.citation}]`);
  if (d.reviewPolicy) lines.push('', `Review policy: ${d.reviewPolicy}`);
  if (d.redFlags.length) lines.push('', 'Red flags:', ...d.redFlags.map((f) => `  - ${f.text} [${f.citation}]`));
  if (d.literalOutcome) {
    const l = d.literalOutcome;
    lines.push('', `Under the literal CFR text: ${VERDICT[String(l.licenseRequired)]} — ${l.basis}`);
    for (const r of l.reasons) lines.push(`  - ${r.text} [${r.citation}]`);
    for (const e of l.exceptions) lines.push(`  - exception ${e.code} (${e.name}): ${e.conditions}`);
  }
  if (d.sensitivity?.length) {
    lines.push('', 'What would change the answer:');
    for (const s of d.sensitivity) lines.push(`  - ${s.fact}: ${s.change} → ${OUTCOME[String(s.outcome)]}`, `      [${s.citation}]`);
  }
  lines.push('', `Classification applied: ${d.appliedEccn}; reference data ${d.referenceDataVersion}`);
  return `${lines.join('\n')}\n`;
}

function runQuestion(o: DetermineOptions): void {
  if (!o.eccn || !o.to) throw new Error('give --cases FILE, or --eccn ECCN and --to DESTINATION');
  const hq = o.endUserHq;
  const parentHq = o.endUserParentHq ?? hq;
  const c = {
    id: 'cli',
    asOf: o.asOf,
    item: { eccn: o.eccn },
    destination: o.to,
    endUse: o.endUse,
    endUser: hq || parentHq ? { headquarters: hq, ultimateParentHeadquarters: parentHq } : undefined,
  };
  const d = determine(c, undefined, { today: clockFromEnv().today(), explain: true });
  if (o.json) process.stdout.write(`${JSON.stringify({ ...contractRecord(c.id, d), appliedEccn: d.appliedEccn, referenceDataVersion: d.referenceDataVersion }, null, 2)}\n`);
  else {
    const who = hq ? `, end user HQ ${hq}${parentHq && parentHq !== hq ? ` (parent ${parentHq})` : ''}` : '';
    const uses = o.endUse.length ? `, end use ${o.endUse.join('+')}` : '';
    process.stdout.write(humanReadable(`${o.eccn} → ${o.to}${who}${uses}${o.asOf ? ` as of ${o.asOf}` : ''}`, d));
  }
}

export function registerDetermineCommand(program: Command): void {
  program
    .command('determine')
    .description('Export-control license determination (EAR): a batch of cases, or one item × destination question')
    .option('--cases <file>', 'JSON file {"cases": [...]} or a bare array, in the cases.dev.json format; writes a JSON array')
    .option('--eccn <eccn>', 'ECCN, EAR99, NOT_SUBJECT (published) or SERVICE (remote compute)')
    .option('--to <destination>', 'destination: ISO alpha-2 code or a region such as UA-43')
    .option('--end-user-hq <code>', "end user's headquarters country (also used as the ultimate parent's unless --end-user-parent-hq is given)")
    .option('--end-user-parent-hq <code>', "headquarters country of the end user's ultimate parent")
    .option('--end-use <code>', 'end-use code (military_end_use, military_intelligence, wmd, supercomputer, advanced_ic_production); repeatable', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--as-of <date>', 'date of the determination, YYYY-MM-DD (default: today)')
    .option('--json', 'print the determination as JSON')
    .option('--explain', 'with --cases: add the sensitivity (what would change each answer)')
    .action((o: DetermineOptions) => {
      if (o.cases) runCases(o.cases, o.explain === true);
      else runQuestion(o);
    });
}
