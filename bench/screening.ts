// Screening benchmark: match quality on the labelled development sets and speed on the real
// lists. Run with `npm run bench:screening`; AIEP_SHARED_DATA points at the benchmark data set,
// which is not part of this repository (default ../shared/data from the repository root).
// Prints a Markdown report.
import { readFileSync } from 'node:fs';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import {
  buildIndex,
  DEFAULT_THRESHOLD,
  loadListPath,
  scorePair,
  type ListEntry,
} from '../src/engines/screening/index.ts';
import { countryCode, EVIDENCE, idClassOf, normalizeIdNumber, type QueryEvidence, type ScreeningQuery } from '../src/engines/screening/index.ts';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const DATA = resolve(ROOT, process.env.AIEP_SHARED_DATA ?? '../shared/data');
const T = DEFAULT_THRESHOLD;

type Row = Record<string, string | undefined>;

/** Rows of a CSV with a header; each must have the `required` columns (a short row is a data error). */
function csv<K extends string>(path: string, required: readonly K[]): (Row & Record<K, string>)[] {
  const rows = parse<Row>(readFileSync(join(DATA, path)), { columns: true, skip_empty_lines: true, comment: '#', relax_column_count: true });
  const hasRequired = (r: Row): r is Row & Record<K, string> => required.every((k) => r[k] !== undefined);
  return rows.map((r, i) => {
    if (!hasRequired(r)) throw new Error(`${path}: record ${i + 1} lacks a value for ${required.filter((k) => r[k] === undefined).join(', ')}`);
    return r;
  });
}

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
const f3 = (x: number) => x.toFixed(3);
const lines: string[] = [];
const out = (s = '') => {
  lines.push(s);
  console.log(s);
};

function prf(pred: boolean[], gold: boolean[]) {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  pred.forEach((p, i) => {
    if (p && gold[i]) tp++;
    else if (p) fp++;
    else if (gold[i]) fn++;
    else tn++;
  });
  const precision = tp / (tp + fp || 1);
  const recall = tp / (tp + fn || 1);
  return { tp, fp, fn, tn, precision, recall, f1: (2 * precision * recall) / (precision + recall || 1) };
}

function percentile(sorted: number[], p: number): number {
  const v = sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  if (v === undefined) throw new Error(`no latencies to take the ${p}th percentile of`);
  return v;
}

async function main() {
  out(`# Screening benchmark`);
  out();
  out(`- command: \`npm run bench:screening\` (node --import tsx bench/screening.ts), data: ${process.env.AIEP_SHARED_DATA ?? '../shared/data'}`);
  out(`- machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} vCPU, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${osType()} ${release()}, Node ${process.version}`);
  out(`- default threshold: ${T}`);
  out();

  // 1. Name-pair benchmark beside logic-v2.
  const cases = csv('labelled/opensanctions/name_bench_cases_dev.csv', ['name1', 'name2']);
  const gold = cases.map((c) => c.is_match === 'true');
  const ours = prf(cases.map((c) => scorePair(c.name1, c.name2, c.schema).score >= T), gold);
  const lv2 = csv('labelled/opensanctions/name_bench_logicv2_frozen_run_dev.csv', []);
  const lv2m = prf(lv2.map((r) => r.predicted_match === 'true'), lv2.map((r) => r.is_match === 'true'));
  out(`## Name pairs (name_bench_cases_dev.csv, ${cases.length} pairs)`);
  out();
  out(`| matcher | precision | recall | F1 | TP | FP | FN | TN |`);
  out(`|---|---|---|---|---|---|---|---|`);
  out(`| aiep @ ${T} | ${f3(ours.precision)} | ${f3(ours.recall)} | **${f3(ours.f1)}** | ${ours.tp} | ${ours.fp} | ${ours.fn} | ${ours.tn} |`);
  out(`| logic-v2 (frozen run, ${lv2.length} pairs) @ 0.7 | ${f3(lv2m.precision)} | ${f3(lv2m.recall)} | ${f3(lv2m.f1)} | ${lv2m.tp} | ${lv2m.fp} | ${lv2m.fn} | ${lv2m.tn} |`);
  out();

  // 2. Cross-script pairs.
  // The file's header line is itself a comment ("# Format: Query,Expected Match,...").
  // Records with fewer than two fields are skipped.
  const cross = parse(readFileSync(join(DATA, 'labelled/moov/watchman_cross_script_pairs.csv')), { comment: '#', skip_empty_lines: true, relax_column_count: true })
    .flatMap(([query, expected]) => (query !== undefined && expected !== undefined ? [{ query, expected }] : []));
  const crossScores = cross.map((r) => ({ q: r.query, e: r.expected, s: scorePair(r.query, r.expected, 'Person').score }));
  const found = crossScores.filter((r) => r.s >= T).length;
  out(`## Cross-script pairs (watchman_cross_script_pairs.csv)`);
  out();
  out(`Found at the default threshold: **${found} / ${cross.length}**. Not found: ${crossScores.filter((r) => r.s < T).map((r) => `${r.q} → ${r.e} (${r.s.toFixed(2)})`).join('; ') || 'none'}`);
  out();

  // 3. UN recall.
  const un = await loadListPath(join(DATA, 'un/UN_consolidated_2026-02.xml'));
  const unIndex = buildIndex(un);
  out(`## UN positives against the UN list (${un.length} entries)`);
  out();
  out(`| set | rows | recall (a match ≥ threshold) | recall with a DOB-consistent match |`);
  out(`|---|---|---|---|`);
  for (const set of ['untreated', 'treated']) {
    const rows = csv(`labelled/opensanctions/yente_positives_un_${set}.csv`, ['full_name']);
    let hit = 0, dobHit = 0;
    const misses: string[] = [];
    for (const r of rows) {
      const m = unIndex.search({ name: r.full_name, type: 'person' }, { threshold: T, limit: 5 });
      if (m.length) hit++;
      else if (misses.length < 8) misses.push(r.full_name);
      const year = (r.date_of_birth ?? '').slice(0, 4);
      if (m.some((x) => !year || x.entry.datesOfBirth.length === 0 || x.entry.datesOfBirth.some((d) => d.startsWith(year)))) dobHit++;
    }
    out(`| ${set} | ${rows.length} | **${pct(hit / rows.length)}** | ${pct(dobHit / rows.length)} |`);
    if (misses.length) console.error(`  ${set} misses (sample): ${misses.join(' | ')}`);
  }
  out();

  // 4. Speed on the full 2022 CSL, and false positives against CSL 2022 + SDN 2021.
  let t0 = performance.now();
  const csl = await loadListPath(join(DATA, 'csl/consolidated_2022-05.csv'));
  const cslLoad = performance.now() - t0;
  t0 = performance.now();
  const cslIndex = buildIndex(csl);
  const cslBuild = performance.now() - t0;
  const negatives = csv('labelled/opensanctions/yente_negatives_global.csv', ['full_name']);
  const queries = negatives.map((r) => r.full_name);
  // Warm-up, then a timed pass over all queries, one at a time.
  for (const name of queries.slice(0, 2000)) cslIndex.search({ name });
  const lat = new Float64Array(queries.length);
  t0 = performance.now();
  for (let i = 0; i < queries.length; i++) {
    const s = performance.now();
    cslIndex.search({ name: queries[i]! }); // i < queries.length
    lat[i] = performance.now() - s;
  }
  const elapsed = performance.now() - t0;
  const sortedLat = Array.from(lat).sort((a, b) => a - b);
  // Brute force on a sample: the synthetic people, plus list names with a typo so that there is
  // something to find, to check the index does not lose what brute force finds.
  const typo = (s: string) => (s.length > 6 ? s.slice(0, 3) + s.slice(4) : s);
  const sample = [...queries.slice(0, 50), ...csl.filter((_, i) => i % 283 === 0).slice(0, 50).map((e) => typo(e.name))];
  t0 = performance.now();
  const bruteResults = sample.map((q) => cslIndex.searchBruteForce({ name: q }));
  const bruteMs = (performance.now() - t0) / sample.length;
  // Agreement of the index with brute force on the sample (top hit found by both).
  let agree = 0, bruteHits = 0;
  for (const [k, q] of sample.entries()) {
    const bruteBest = bruteResults[k]?.[0];
    if (bruteBest) {
      bruteHits++;
      if (cslIndex.search({ name: q }).some((m) => m.entry.entryId === bruteBest.entryId)) agree++;
    }
  }
  out(`## Speed on the full 2022 CSL (${csl.length} entries, ${cslIndex.nameCount} names)`);
  out();
  out(`| measure | value |`);
  out(`|---|---|`);
  out(`| CSV parse | ${cslLoad.toFixed(0)} ms |`);
  out(`| index build | **${cslBuild.toFixed(0)} ms** |`);
  out(`| queries/s, one process, ${queries.length} synthetic-person queries | **${Math.round(queries.length / (elapsed / 1000))}** |`);
  out(`| latency p50 / p99 | ${percentile(sortedLat, 50).toFixed(3)} ms / **${percentile(sortedLat, 99).toFixed(3)} ms** |`);
  out(`| brute force (every name scored), ${sample.length}-query sample | ${bruteMs.toFixed(2)} ms/query = ${Math.round(1000 / bruteMs)} queries/s |`);
  out(`| index finds brute force's best hit | ${agree} / ${bruteHits} queries that brute force matched |`);
  out();

  const sdn = await loadListPath(join(DATA, 'ofac/sdn_2021-07'));
  const combined: ListEntry[] = [...csl, ...sdn];
  t0 = performance.now();
  const combinedIndex = buildIndex(combined);
  const combinedBuild = performance.now() - t0;
  const fpRate = (names: string[]) => {
    let hits = 0;
    const sampleHits: string[] = [];
    for (const n of names) {
      const [m] = combinedIndex.search({ name: n, type: 'person' }, { threshold: T, limit: 1 });
      if (m) {
        hits++;
        if (sampleHits.length < 10) sampleHits.push(`${n} → ${m.matchedName} (${m.score})`);
      }
    }
    return { rate: hits / names.length, hits, sampleHits };
  };
  const negFp = fpRate(queries);
  const congress = csv('labelled/opensanctions/yente_positives_us_congress_untreated.csv', ['full_name']).map((r) => r.full_name);
  const congFp = fpRate(congress);
  out(`## False positives against the 2022 CSL + 2021 SDN (${combinedIndex.nameCount} names; build ${combinedBuild.toFixed(0)} ms)`);
  out();
  out(`| query set | rows | rows with a match ≥ threshold | rate |`);
  out(`|---|---|---|---|`);
  out(`| synthetic people (yente_negatives_global) | ${queries.length} | ${negFp.hits} | **${pct(negFp.rate)}** |`);
  out(`| US Congress members | ${congress.length} | ${congFp.hits} | **${pct(congFp.rate)}** |`);
  out();
  console.error(`  synthetic FP sample: ${negFp.sampleHits.join(' | ')}`);
  console.error(`  congress FP sample: ${congFp.sampleHits.join(' | ')}`);
  global.gc?.();
  out(`Resident memory with the CSL, the SDN and both indexes loaded: **${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB**`);
}

await main();

// 5. Evidence beyond the name (src/engines/screening/evidence.ts): true queries are listed persons
// of the full 2022 CSL with a date of birth or an identifier, searched by their name or a variant of
// it with that evidence; false queries are the synthetic people and US Congress members that alert
// today on the name alone, searched with their own (conflicting) date of birth and nationality.
async function evidenceBenchmark() {
  const csl = await loadListPath(join(DATA, 'csl/consolidated_2022-05.csv'));
  const index = buildIndex(csl);
  const persons = index.entries.filter((e) => e.type === 'person');
  const typo = (s: string) => s.split(/\s+/).map((w) => (w.length > 6 ? w.slice(0, 3) + w.slice(4) : w)).join(' ');
  // "LAST, First Middle" → its parts; names without a comma are taken as written.
  const parts = (name: string) => {
    const [last = '', first = ''] = name.split(',').map((s) => s.trim());
    return { last, first };
  };
  const firstId = (e: ListEntry) => e.ids.find((i) => idClassOf(i.type) && normalizeIdNumber(i.number).length >= EVIDENCE.idMinLength);
  type Case = { label: string; query: ScreeningQuery; entry: ListEntry };
  const trueCases: Case[] = [];
  persons.forEach((e, k) => {
    if (k % 3) return; // a third of the listed persons, every third one
    const dob = e.datesOfBirth[0];
    const nat = e.nationalities.length ? { nationalities: e.nationalities.slice(0, 1) } : {};
    if (dob) {
      trueCases.push({ label: 'exact name + date of birth', query: { name: e.name, type: 'person', evidence: { birthDate: dob, ...nat } }, entry: e });
      trueCases.push({ label: 'misspelt name + date of birth', query: { name: typo(e.name), type: 'person', evidence: { birthDate: dob, ...nat } }, entry: e });
    }
    const id = firstId(e);
    const { last, first } = parts(e.name);
    if (id && first && last) {
      trueCases.push({ label: 'weak variant (initial + misspelt surname) + identifier', query: { name: `${first[0]}. ${typo(last)}`, type: 'person', evidence: { identifiers: [{ type: id.type, number: id.number, ...(id.country ? { country: id.country } : {}) }] } }, entry: e });
    }
  });
  const found = (c: Case, withEvidence: boolean) => {
    const q: ScreeningQuery = withEvidence ? c.query : { name: c.query.name, type: 'person' };
    return index.search(q, { threshold: T, limit: 10 }).some((m) => m.entry === c.entry);
  };
  const labels = [...new Set(trueCases.map((c) => c.label))];
  out(`## Evidence beyond the name (full 2022 CSL, ${csl.length} entries; evidence.ts)`);
  out();
  out(`True queries: every third listed person with a date of birth or an identifier, by name (or a variant) with that evidence. Recall: the true entry among the matches ≥ ${T}.`);
  out();
  out(`| true queries | rows | recall, name only | recall, with evidence |`);
  out(`|---|---|---|---|`);
  let allBefore = 0, allAfter = 0;
  for (const label of labels) {
    const cases = trueCases.filter((c) => c.label === label);
    const before = cases.filter((c) => found(c, false)).length;
    const after = cases.filter((c) => found(c, true)).length;
    allBefore += before;
    allAfter += after;
    out(`| ${label} | ${cases.length} | ${pct(before / cases.length)} | **${pct(after / cases.length)}** |`);
  }
  out(`| all | ${trueCases.length} | ${pct(allBefore / trueCases.length)} | **${pct(allAfter / trueCases.length)}** |`);
  out();

  // False queries: the people that alert on their name alone, with their own evidence.
  const falseSets: { label: string; rows: { name: string; evidence: QueryEvidence }[] }[] = [
    {
      label: 'synthetic people (yente_negatives_global)',
      rows: csv('labelled/opensanctions/yente_negatives_global.csv', ['full_name']).map((r) => {
        const nationality = countryCode(r.nationality);
        return { name: r.full_name, evidence: { ...(r.date_of_birth ? { birthDate: r.date_of_birth } : {}), ...(nationality ? { nationalities: [nationality] } : {}) } };
      }),
    },
    {
      label: 'US Congress members (year of birth only)',
      rows: csv('labelled/opensanctions/yente_positives_us_congress_untreated.csv', ['full_name']).map((r) => ({ name: r.full_name, evidence: { ...(r.date_of_birth ? { birthDate: r.date_of_birth } : {}), nationalities: ['US'] } })),
    },
  ];
  out(`False queries: the rows of each set that alert (a match ≥ ${T}) on their name alone, searched again with their own date of birth and nationality.`);
  out();
  out(`| false queries | rows | alert, name only | alert, with evidence | reduction | cleared by date / by nationality / still alerting, entry without a date |`);
  out(`|---|---|---|---|---|---|`);
  for (const set of falseSets) {
    let before = 0, after = 0, byDate = 0, byNat = 0, noDate = 0;
    for (const r of set.rows) {
      if (!index.search({ name: r.name, type: 'person' }, { threshold: T, limit: 1 }).length) continue;
      before++;
      const left = index.search({ name: r.name, type: 'person', evidence: r.evidence }, { threshold: T, limit: 10 });
      if (left.length) {
        after++;
        if (left.some((m) => m.entry.datesOfBirth.length === 0)) noDate++;
        continue;
      }
      // Why it cleared: the evidence items of the name-only best match.
      const [m] = index.search({ name: r.name, type: 'person', evidence: r.evidence }, { threshold: 0, limit: 1 });
      if (m?.evidence?.some((i) => i.rule === 'date_conflict')) byDate++;
      else byNat++;
    }
    out(`| ${set.label} | ${set.rows.length} | ${before} | ${after} | **${pct(before ? 1 - after / before : 0)}** | ${byDate} / ${byNat} / ${noDate} |`);
  }
  out();

  // Speed: the same queries with and without evidence, one at a time.
  const speedQueries = falseSets[0]!.rows.slice(0, 20_000); // the first set is the synthetic people
  const time = (withEvidence: boolean) => {
    const t0 = performance.now();
    for (const r of speedQueries) index.search(withEvidence ? { name: r.name, evidence: r.evidence } : { name: r.name });
    return speedQueries.length / ((performance.now() - t0) / 1000);
  };
  time(false);
  const plain = time(false);
  const withEvidence = time(true);
  out(`Speed on ${speedQueries.length} synthetic-person queries: **${Math.round(plain)}** queries/s on the name alone, **${Math.round(withEvidence)}** with date of birth and nationality.`);
  out();
}

await evidenceBenchmark();
