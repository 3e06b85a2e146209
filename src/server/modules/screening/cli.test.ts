// `aiep lists import` against a real database file, and `aiep screen` reading the database's
// active lists through loadActiveEntries (the loader the CLI installs for database mode).
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runScreen, setDefaultEntryLoader } from '../../../cli/commands/screen.ts';
import { createDb } from '../../db/connection.ts';
import { loadActiveEntries } from './screening.index.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../../../..');
const FIX = join(import.meta.dirname, '__fixtures__');
const ENGINE_FIX = join(ROOT, 'src/engines/screening/__fixtures__');

describe('aiep lists import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aiep-lists-'));
  const env = { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`, DEMO_DATA: 'off', LOG_LEVEL: 'silent' };
  const aiep = (...args: string[]) => run(process.execPath, [join(ROOT, 'bin/aiep.mjs'), ...args], { env, cwd: dir }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

  it('imports and activates one version per list; a malformed file imports nothing', { timeout: 60_000 }, async () => {
    const bad = await aiep('lists', 'import', join(FIX, 'csl_test_v1.csv'), join(FIX, 'csl_malformed.csv'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('csl_malformed.csv:3');
    expect((await aiep('lists', 'status')).stdout).toBe('');

    const ok = await aiep('lists', 'import', join(FIX, 'csl_test_v1.csv'), join(ENGINE_FIX, 'ofac/sdn_mini'), join(ENGINE_FIX, 'un_mini.xml'), join(ENGINE_FIX, 'dpl_mini.txt'));
    expect(ok.code).toBe(0);
    const lines = ok.stdout.trim().split('\n').map((l) => l.split('\t'));
    expect(lines.map((l) => [l[0], l[2]])).toEqual([
      ['csl', 'active'],
      ['ofac-sdn', 'active'],
      ['un', 'active'],
      ['dpl', 'active'],
    ]);
    const forced = await aiep('lists', 'import', '--format', 'dpl', join(FIX, 'csl_test_v1.csv'));
    expect(forced.code).toBe(1);

    // `aiep screen` without --list, against the database's active lists.
    const db = createDb(env.DATABASE_URL);
    try {
      setDefaultEntryLoader(() => loadActiveEntries({ db }));
      const stdout = new PassThrough();
      let out = '';
      stdout.on('data', (d) => (out += String(d)));
      const code = await runScreen('-', {}, { stdin: Readable.from(['id,name\n1,Riyadh Sovereign Cloud Company\n2,Nobody Special\n']), stdout, stderr: new PassThrough() });
      expect(code).toBe(3);
      const rows = out.trim().split('\n').map((l) => JSON.parse(l));
      expect(rows[0].matches[0]).toMatchObject({ list: 'SDN', entryId: '9001', score: 1 });
      expect(rows[1].matches).toEqual([]);
    } finally {
      setDefaultEntryLoader(undefined);
      await db.destroy();
    }
  });
});
