import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = (args: string[]) =>
  promisify(execFile)('node', ['bin/aiep.mjs', ...args]).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describe('aiep package validate', () => {
  it('exits 0 for a complete manifest and reports US content', async () => {
    const r = await run(['package', 'validate', 'examples/gulf-sovereign-cloud.manifest.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/complete/);
    expect(r.stdout).toMatch(/US content of the infrastructure layer: 65\.7 %/);
  });
  it('exits 3 with every problem for an incomplete manifest', async () => {
    const r = await run(['package', 'validate', '--json', 'examples/incomplete.manifest.json']);
    expect(r.code).toBe(3);
    const out = JSON.parse(r.stdout);
    expect(out.completeness.problems.map((p: { code: string }) => p.code)).toEqual(
      expect.arrayContaining(['LAYER_MISSING', 'OPERATING_MODEL_MISSING', 'CERTIFICATION_MISSING']),
    );
  });
  it('exits 1 for an unreadable or invalid file, naming the problem', async () => {
    const missing = await run(['package', 'validate', 'no/such/file.json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read no\/such\/file\.json/);
    const invalid = await run(['package', 'validate', 'package.json']);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/not a valid package manifest/);
  });
});

describe('aiep package check', () => {
  it('reports completeness, US content and the compliance matrix; exit 3 on findings', async () => {
    const r = await run(['package', 'check', 'examples/gulf-sovereign-cloud.manifest.json']);
    expect(r.code).toBe(3);
    const out = JSON.parse(r.stdout);
    expect(out.completeness.complete).toBe(true);
    expect(out.compliance.status).toBe('license_required');
    const acc = out.compliance.findings.find((f: { componentId: string; market: string }) => f.componentId === 'gulf-acc' && f.market === 'AE');
    expect(acc.status).toBe('license_required');
    expect(acc.reasons.some((x: { citation: string }) => /CFR/.test(x.citation))).toBe(true);
  });
  it('counts US content below the presumption as a finding', async () => {
    const r = await run(['package', 'check', 'src/cli/commands/__fixtures__/below-us-content.manifest.json']);
    const out = JSON.parse(r.stdout);
    // Offline nobody is screened, so no cell is clear (no list, no clearance): the matrix reads "needs screening".
    expect([out.completeness.complete, out.compliance.status, out.usContent.presumptionMet]).toEqual([true, 'needs_screening', false]);
    expect(r.code).toBe(3);
  });
  it('shows the assumptions and conditions of answers decided under defaults', async () => {
    const r = await run(['package', 'check', 'examples/gulf-sovereign-cloud.manifest.json', '--as-of', '2025-12-01']);
    const out = JSON.parse(r.stdout);
    // The manifest names no ultimate parents: each party is assumed to be its own.
    const acc = out.compliance.findings.find((f: { componentId: string; market: string }) => f.componentId === 'gulf-acc' && f.market === 'AE');
    expect(acc.assumed).toBe(true);
    expect(acc.assumptions[0]).toMatchObject({ fact: 'party.ultimateParentHeadquarters', assumed: 'AE' });
    expect(acc.conditions[0]).toMatchObject({ fact: 'party.ultimateParentHeadquarters', then: true });
    // Offline nobody is screened, so no square is "clear (assuming …)" here.
    expect(out.compliance.assumed).toEqual([]);
  });
  it('exits 1 on an unreadable manifest', async () => {
    expect((await run(['package', 'check', 'nope.json'])).code).toBe(1);
  });
});
