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
