// Market-explorer benchmark: a Gulf-like package of 9 components (two of them foreign-made) ranked
// in every candidate country of the reference geography (the countries of data/countries.json
// but the US). Measured, in the same run: the licensing facts from one engine call over every
// country (items classified once, each item × destination stage once) against the baseline of one
// engine call per country; the financing standings of every country; the whole engine pass
// (licensing, financing, ranking); and ranking again with other weights from the same facts — what
// the server does when only a weight moves (it keeps the licensing and financing facts by reference
// data, rule set, date and items).
// Run with `node --import tsx bench/market.ts`.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import rulesDoc from '../data/financing/eligibility-rules.json' with { type: 'json' };
import incomeDoc from '../data/financing/country-income.json' with { type: 'json' };
import { defaultReferenceData, type MatrixComponent } from '../src/engines/export-control/index.ts';
import { originFactsOfComponent } from '../src/engines/export-control/foreign-made.ts';
import { RuleBookSchema } from '../src/engines/financing/eligibility.ts';
import { countryRulesOn, financingOf, licensingByCountry, licensingByCountryOneByOne, rankCountries, type CountryFacts } from '../src/engines/market/index.ts';
import { listCountries } from '../src/shared/reference/geography.ts';

const AS_OF = '2026-11-16';
const REPS = Number(process.env.BENCH_MARKET_REPS ?? 10);
const ref = defaultReferenceData();
const book = RuleBookSchema.parse(rulesDoc);
const income: Record<string, string> = incomeDoc.groups;
const countries = listCountries()
  .map((c) => c.code)
  .filter((c) => c !== 'US');

const raw = [
  { id: 'acc', eccn: '3A090.a', countryOfOrigin: 'US', usOriginShare: 0.85 },
  { id: 'srv', eccn: '4A090.a', countryOfOrigin: 'US', usOriginShare: 0.7 },
  { id: 'net', eccn: '5A992.c', countryOfOrigin: 'US', usOriginShare: 0.9 },
  { id: 'sto', eccn: '5A992.c', countryOfOrigin: 'MX', usOriginShare: 0.4, countryOfManufacture: 'MX' },
  { id: 'dc', eccn: 'EAR99', countryOfOrigin: 'AE', usOriginShare: 0.15, countryOfManufacture: 'AE' },
  { id: 'data', eccn: 'EAR99', countryOfOrigin: 'US', usOriginShare: 1 },
  { id: 'model', eccn: null, countryOfOrigin: 'US', usOriginShare: 1 },
  { id: 'sec', eccn: '5D992.c', countryOfOrigin: 'US', usOriginShare: 1 },
  { id: 'app', eccn: 'EAR99', countryOfOrigin: 'US', usOriginShare: 1 },
];
const components: MatrixComponent[] = raw.map((c) => {
  const origin = originFactsOfComponent(c);
  return { id: c.id, eccn: c.eccn, ...(Object.keys(origin).length ? { origin } : {}) };
});

function time<T>(f: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = f();
  return { ms: performance.now() - t, value };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function bench(label: string, f: () => unknown): number {
  f(); // warm-up
  const runs: number[] = [];
  for (let i = 0; i < REPS; i++) runs.push(time(f).ms);
  const m = median(runs);
  console.log(`${label.padEnd(58)} median ${m.toFixed(1).padStart(7)} ms  (min ${Math.min(...runs).toFixed(1)}, max ${Math.max(...runs).toFixed(1)})`);
  return m;
}

console.log(`market explorer: ${components.length} components × ${countries.length} countries; ${REPS} runs each after a warm-up; Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}`);

const shared = bench('licensing, one engine call for every country', () => licensingByCountry(components, countries, ref, AS_OF));
const naive = bench('licensing, one engine call per country (baseline)', () => licensingByCountryOneByOne(components, countries, ref, AS_OF));
const same = JSON.stringify([...licensingByCountry(components, countries, ref, AS_OF)]) === JSON.stringify([...licensingByCountryOneByOne(components, countries, ref, AS_OF)]);

bench('financing standings of every country', () => {
  const rules = countryRulesOn(book, AS_OF);
  return countries.map((c) => financingOf(rules, c, income[c] ?? null, AS_OF));
});

const factsOf = (licensing: ReturnType<typeof licensingByCountry>): CountryFacts[] => {
  const rules = countryRulesOn(book, AS_OF);
  return countries.map((country) => ({
    country,
    target: country === 'AE' || country === 'SA',
    licensing: licensing.get(country)!,
    financing: financingOf(rules, country, income[country] ?? null, AS_OF),
    demand: { requirements: 0, interests: 0, followers: 0 },
    competition: { nonUsCompetitors: 0, deals: 0 },
  }));
};
const whole = bench('whole engine pass: licensing + financing + ranking', () => rankCountries(factsOf(licensingByCountry(components, countries, ref, AS_OF))));
const facts = factsOf(licensingByCountry(components, countries, ref, AS_OF));
let w = 0;
const rerank = bench('ranking again with other weights (facts reused)', () => rankCountries(facts, { licensing: w++ % 11, financing: 2, demand: 3, competition: 1 }));

console.log(`\nlicensing: ${(naive / shared).toFixed(1)}× faster shared than per country; same facts: ${same ? 'yes' : 'NO'}`);
console.log(`whole engine pass: ${whole.toFixed(1)} ms for ${countries.length} countries; a weight moved: ${rerank.toFixed(1)} ms`);
if (!same) process.exitCode = 1;
