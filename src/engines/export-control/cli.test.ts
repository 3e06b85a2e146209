// CLI contract of `aiep determine`, exercised by spawning bin/aiep.mjs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import devCases from './__fixtures__/cases.dev.json' with { type: 'json' };

const root = fileURLToPath(new URL('../../../', import.meta.url));
const aiep = (...args: string[]) => spawnSync(process.execPath, ['bin/aiep.mjs', 'determine', ...args], { cwd: root, encoding: 'utf8' });
const fixture = fileURLToPath(new URL('./__fixtures__/cases.dev.json', import.meta.url));

// Each spawn compiles the CLI through tsx (a few seconds), hence the generous timeout.
describe('aiep determine', { timeout: 120_000 }, () => {
  it('--cases writes the contract records in input order and exits 0', () => {
    const r = aiep('--cases', fixture);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(out.map((o) => o.id)).toEqual(devCases.cases.map((c) => c.id));
    for (const [i, o] of out.entries()) {
      expect(Object.keys(o).slice(0, 6)).toEqual(['id', 'licenseRequired', 'reasons', 'exceptions', 'reviewPolicy', 'redFlags']);
      expect(o.licenseRequired).toBe(devCases.cases[i]?.expected.licenseRequired);
    }
  });

  it('--cases accepts a bare array and fails with exit 1 naming an unknown ECCN', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aiep-determine-'));
    const good = join(dir, 'bare.json');
    writeFileSync(good, JSON.stringify([{ id: 'x', asOf: '2025-12-01', item: { eccn: 'EAR99' }, destination: 'KP', expected: { licenseRequired: false } }]));
    const ok = aiep('--cases', good);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject([{ id: 'x', licenseRequired: 'prohibited' }]);

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ cases: [{ id: 'y', item: { eccn: '3A999.q' }, destination: 'AE' }] }));
    const r = aiep('--cases', bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/case y: .*3A999\.q/);

    const missing = aiep('--cases', join(dir, 'nope.json'));
    expect(missing.status).toBe(1);
  });

  it('answers one question, human-readable or --json', () => {
    const text = aiep('--eccn', '3A090.a', '--to', 'AE', '--end-user-hq', 'CN', '--as-of', '2025-12-01');
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/LICENSE REQUIRED/);
    expect(text.stdout).toMatch(/Headquarters rule/);
    const json = aiep('--eccn', '3A090.b', '--to', 'SA', '--end-use', 'wmd', '--as-of', '2025-12-01', '--json');
    expect(json.status).toBe(0);
    const d = JSON.parse(json.stdout);
    expect(d.licenseRequired).toBe(true);
    expect(d.exceptions).toEqual([]);
    const unknownCountry = aiep('--eccn', '3A090.a', '--to', 'ZZ');
    expect(unknownCountry.status).toBe(1);
    expect(unknownCountry.stderr).toMatch(/ZZ/);
  });

  it('answers under stated assumptions when the end user is not given, with the headquarters condition', () => {
    const text = aiep('--eccn', '3A090.a', '--to', 'BR', '--as-of', '2025-12-01');
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/NO LICENSE REQUIRED \(NLR\), under the assumptions below/);
    expect(text.stdout).toMatch(/Assuming \(facts not given\):\n {2}- endUser's headquarters not stated: assumed to be in Brazil/);
    expect(text.stdout).toMatch(/A license would be required if endUser\.headquarters is in Macau or a Country Group D:5 country\n\s+\[15 CFR 742\.6\(a\)\(6\)\(iii\)\(A\)\]/);
    expect(text.stdout).toMatch(/What would change the answer:/);
    const json = aiep('--eccn', '3A090.a', '--to', 'BR', '--as-of', '2025-12-01', '--json');
    expect(json.status).toBe(0);
    const d = JSON.parse(json.stdout);
    expect(d.licenseRequired).toBe(false);
    expect(d.assumed).toBe(true);
    expect(d.needsInformation).toEqual(['endUser.headquarters', 'endUser.ultimateParentHeadquarters']);
    expect(d.assumptions.map((a: { fact: string }) => a.fact)).toEqual(['endUser.headquarters', 'endUser.ultimateParentHeadquarters', 'endUser.listHits']);
    expect(d.conditions).toContainEqual(expect.objectContaining({ fact: 'endUser.headquarters', then: true, citation: '15 CFR 742.6(a)(6)(iii)(A)' }));
    expect(d.sensitivity).toContainEqual(expect.objectContaining({ fact: 'endUser.ultimateParentHeadquarters', outcome: true }));
  });
});
