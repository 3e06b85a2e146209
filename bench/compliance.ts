// Compliance-matrix benchmark: the full matrix for a synthetic package of
// 200 components × 30 markets × 20 parties (120,000 cells), beside a baseline of the same
// number of bare determine() calls in the same run. Goal: matrix under 200 ms and within 2×
// the baseline. Run with `npm run bench:compliance` (node --import tsx bench/compliance.ts).
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { determine } from '../src/engines/export-control/determine.ts';
import { buildComplianceMatrix, type ComplianceMatrixInput, type MatrixComponent, type MatrixParty } from '../src/engines/export-control/matrix.ts';

const AS_OF = '2025-12-01';
const MATRIX_REPS = Number(process.env.BENCH_MATRIX_REPS ?? 15);
const BASE_REPS = Number(process.env.BENCH_BASE_REPS ?? 3);

// A full GC before each timed run, so one measurement does not pay for the previous one's garbage
// (the script runs without --expose-gc, so enable it at runtime).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

// Component templates of an AI full-stack package (ECCN + parameters); 200 components cycle
// through them with their own ids and names.
const TEMPLATES: Omit<MatrixComponent, 'id'>[] = [
  { name: 'H100 SXM GPU', eccn: '3A090.a', params: { tpp: 15832, performanceDensity: 19.4, designedForDatacenter: true } },
  { name: 'H200 GPU', eccn: '3A090.a', params: { tpp: 15832, dramBandwidthGBs: 4800, designedForDatacenter: true } },
  { name: 'Inference accelerator', eccn: '3A090.b', params: { tpp: 3200, performanceDensity: 2.67, designedForDatacenter: true } },
  { name: 'HBM3E stack', eccn: '3A090.c' },
  { name: 'Edge GPU', eccn: '3A991.p', params: { tpp: 1200, performanceDensity: 2 } },
  { name: 'HGX server', eccn: '4A090.a', params: { containsEccn: '3A090.a' } },
  { name: 'Inference server', eccn: '4A090.b', params: { containsEccn: '3A090.b' } },
  { name: 'Edge server', eccn: '4A994.l' },
  { name: 'Interconnect switch', eccn: '4A003.z.2' },
  { name: 'FPGA SmartNIC', eccn: '3A001.z.b' },
  { name: 'Storage array', eccn: '5A992.c' },
  { name: 'Secure appliance', eccn: '5A992.z' },
  { name: 'VPN gateway', eccn: '5A002.a' },
  { name: 'Crypto library', eccn: '5D002.c' },
  { name: 'Inference server software', eccn: '5D992.c' },
  { name: 'Cluster software', eccn: '4D090' },
  { name: 'Chip design technology', eccn: '3E001', params: { forEccn: '3A090.a' } },
  { name: 'Model weights (closed)', eccn: '4E091' },
  { name: 'Open-weight model', eccn: 'NOT_SUBJECT' },
  { name: 'Managed GPU cloud', eccn: 'SERVICE' },
  { name: 'Data pipeline software', eccn: 'EAR99' },
  { name: 'Racks and cooling', eccn: 'EAR99' },
  { name: 'Unclassified sensor kit' },
];

const MARKETS = ['AE', 'SA', 'QA', 'KW', 'BH', 'OM', 'JO', 'EG', 'IN', 'JP', 'KR', 'GB', 'DE', 'FR', 'IL', 'TW', 'SG', 'MY', 'TH', 'ID', 'VN', 'KZ', 'BR', 'MX', 'NG', 'KE', 'CN', 'RU', 'SY', 'CU'];

const HQS: [string, string][] = [['US', 'US'], ['AE', 'AE'], ['SA', 'SA'], ['IN', 'IN'], ['JP', 'JP'], ['MY', 'CN'], ['SG', 'SG'], ['DE', 'DE'], ['GB', 'US'], ['KE', 'KE']];
const ROLES = ['build', 'own', 'operate', 'end_user'] as const;

/** xs[i mod xs.length]: the synthetic package cycles through these fixed, non-empty tables. */
function cycle<T>(xs: readonly T[], i: number): T {
  const x = xs[i % xs.length];
  if (x === undefined) throw new Error('cycle: empty table');
  return x;
}

function syntheticPackage(uniqueParams: boolean): ComplianceMatrixInput {
  const components = Array.from({ length: 200 }, (_, i): MatrixComponent => {
    const t = cycle(TEMPLATES, i);
    // uniqueParams: every component gets its own TPP, so no two share a classification key.
    const params = uniqueParams && t.params?.tpp ? { ...t.params, tpp: Number(t.params.tpp) + i } : t.params;
    return { id: `c${i}`, ...t, name: `${t.name} #${i}`, params };
  });
  const parties = Array.from({ length: 20 }, (_, i): MatrixParty => {
    const [headquarters, ultimateParentHeadquarters] = cycle(HQS, i);
    const p: MatrixParty = { id: `p${i}`, name: `Party ${i}`, role: cycle(ROLES, i), headquarters, ultimateParentHeadquarters };
    if (i === 7) p.listHits = ['EL'];
    if (i === 11) p.listHits = ['UVL'];
    if (i === 13) p.owners = [{ listHits: ['EL'], percent: 60 }];
    if (i === 17) p.endUse = ['military_end_use'];
    return p;
  });
  // EAR99 to Russia needs the Supp. 4 HTS fact; give it so the bench exercises the full path.
  for (const c of components) if (c.eccn === 'EAR99') c.params = { ...c.params, listedInPart746Supp4: false };
  return { asOf: AS_OF, components, markets: MARKETS, parties };
}

function baseline(input: ComplianceMatrixInput): number {
  let licensed = 0;
  for (const c of input.components)
    for (const market of input.markets)
      for (const p of input.parties) {
        const d = determine({ asOf: input.asOf, item: { eccn: c.eccn, description: c.description, params: c.params }, destination: market, endUse: p.endUse, endUser: p });
        if (d.licenseRequired !== false) licensed++;
      }
  return licensed;
}

function time<T>(f: () => T): { ms: number; result: T } {
  gc();
  const t0 = performance.now();
  const result = f();
  return { ms: performance.now() - t0, result };
}

const median = (xs: number[]) => {
  const m = [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  if (m === undefined) throw new Error('median: no timings (BENCH_MATRIX_REPS and BENCH_BASE_REPS must be at least 1)');
  return m;
};
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

function run(label: string, input: ComplianceMatrixInput): { matrix: number; base: number } {
  const cells = input.components.length * input.markets.length * input.parties.length;
  // Warm-up (JIT, reference-data validation and snapshot caches) outside the timings.
  buildComplianceMatrix(input);
  baseline({ ...input, components: input.components.slice(0, 10) });

  const matrixTimes: number[] = [];
  const baseTimes: number[] = [];
  let m = buildComplianceMatrix(input);
  let licensedBase = 0;
  // Interleaved so both see the same machine load.
  for (let r = 0; r < Math.max(MATRIX_REPS, BASE_REPS); r++) {
    if (r < MATRIX_REPS) {
      const a = time(() => buildComplianceMatrix(input));
      matrixTimes.push(a.ms);
      m = a.result;
    }
    if (r < BASE_REPS) {
      const b = time(() => baseline(input));
      baseTimes.push(b.ms);
      licensedBase = b.result;
    }
  }
  const licensedMatrix = m.cells.filter((c) => c.status !== 'clear').length;
  if (licensedMatrix !== licensedBase) throw new Error(`matrix and baseline disagree: ${licensedMatrix} vs ${licensedBase} non-clear cells`);
  const mm = median(matrixTimes);
  const bm = median(baseTimes);
  console.log(`\n${label}`);
  console.log(`  cells                         ${cells.toLocaleString('en-US')} (${input.components.length} components × ${input.markets.length} markets × ${input.parties.length} parties)`);
  console.log(`  distinct determinations       ${m.distinctDeterminations.toLocaleString('en-US')}`);
  console.log(`  package status                ${m.package.status} ${JSON.stringify(m.package.counts)}`);
  console.log(`  matrix (median of ${MATRIX_REPS})        ${fmt(mm)}   [min ${fmt(Math.min(...matrixTimes))}, max ${fmt(Math.max(...matrixTimes))}]`);
  console.log(`  baseline (median of ${BASE_REPS}), ${cells} × determine()  ${fmt(bm)}   [min ${fmt(Math.min(...baseTimes))}, max ${fmt(Math.max(...baseTimes))}]  (${((bm * 1000) / cells).toFixed(2)} µs/call)`);
  console.log(`  matrix / baseline             ${(mm / bm).toFixed(3)}×   goal: < 200 ms ${mm < 200 ? 'MET' : 'MISSED'}; ≤ 2× baseline ${mm <= 2 * bm ? 'MET' : 'MISSED'}`);
  return { matrix: mm, base: bm };
}

console.log(`aiep compliance bench — node ${process.version}, ${process.platform}/${process.arch}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, as of ${AS_OF}`);
run('Package A: components drawn from 23 product templates (realistic reuse of SKUs)', syntheticPackage(false));
run('Package B: every IC/computer component with its own TPP (shared only where the rules cannot tell them apart)', syntheticPackage(true));

// Sensitivity (`{ explain: true }`) re-runs the rules a few dozen times per case, so only single
// determinations compute it (aiep determine, POST /api/v1/determinations), never the matrix. Its
// cost per call, beside the same cases without it: the package's components × markets with the end
// user not given (answered under assumptions) and with a complete end user.
function explainCost(): void {
  const pkg = syntheticPackage(false);
  const comps = pkg.components.slice(0, TEMPLATES.length);
  const endUser = pkg.parties[0];
  for (const [label, withUser] of [['end user not given', false], ['complete end user', true]] as const) {
    const cases = comps.flatMap((c) => pkg.markets.map((m) => ({ asOf: AS_OF, item: { eccn: c.eccn, params: c.params }, destination: m, endUser: withUser ? endUser : undefined })));
    const per = (explain: boolean) => {
      for (const c of cases.slice(0, 50)) determine(c, undefined, { explain });
      const t = time(() => {
        for (const c of cases) determine(c, undefined, { explain });
      });
      return (t.ms * 1000) / cases.length;
    };
    const plain = per(false);
    const explained = per(true);
    console.log(`  determine() ${label.padEnd(20)} ${cases.length} cases: ${plain.toFixed(0)} µs/call; with explain ${explained.toFixed(0)} µs/call`);
  }
}
console.log('\nSensitivity (explain) cost');
explainCost();
