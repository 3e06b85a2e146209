// Contract tests of `aiep screen` and `aiep screen pairs`, run as a real process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const FIX = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const SDN = join(FIX, 'ofac/sdn_mini');
const CSL = join(FIX, 'csl_one_per_source.csv');
const tmp = mkdtempSync(join(tmpdir(), 'aiep-screen-'));

function aiep(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['bin/aiep.mjs', ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, content: string): string {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
}

const jsonl = (s: string) => s.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

describe('aiep screen', () => {
  it('writes one JSON line per row in input order and exits 3 on a match', () => {
    const input = file('parties.csv', 'id,name,type,country,dob,extra\np1,Jane Q Nobody,person,US,,x\np2,Elvis Angus Logan Morey,person,BZ,1963,y\np3,Atlas Sanatgaran,,AM,,z\n');
    const r = aiep(['screen', input, '--list', SDN, '--list', CSL]);
    expect(r.code).toBe(3);
    const rows = jsonl(r.stdout);
    expect(rows.map((x) => x.id)).toEqual(['p1', 'p2', 'p3']);
    expect(rows[0]).toEqual({ id: 'p1', name: 'Jane Q Nobody', matches: [] });
    const m = rows[1].matches[0];
    expect(m).toMatchObject({ list: 'SDN', entryId: '10278', name: 'LOGAN MOREY, Elvis Angus', matchedName: 'LOGAN MOREY, Elvis Angus', score: 1, effect: 'prohibited' });
    expect(m.explanation.tokens.length).toBeGreaterThan(0);
    expect(rows[2].matches[0]).toMatchObject({ list: 'UVL', effect: 'red_flag' });
    for (const row of rows) {
      const scores = row.matches.map((x: { score: number }) => x.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
  });

  it('exits 0 when nothing matched, reading standard input', () => {
    const r = aiep(['screen', '-', '--list', SDN], 'name\nNobody Anywhere\n');
    expect(r.code).toBe(0);
    expect(jsonl(r.stdout)).toEqual([{ id: '1', name: 'Nobody Anywhere', matches: [] }]);
  });

  it('honours --threshold and writes CSV with --format csv', () => {
    const input = file('t.csv', 'name\nDaniel Morenno\n');
    const strict = aiep(['screen', input, '--list', SDN, '--threshold', '0.99']);
    expect(strict.code).toBe(0);
    const csv = aiep(['screen', input, '--list', SDN, '--format', 'csv']);
    expect(csv.code).toBe(3);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('id,name,error,list,entryId,listName,matchedName,score,effect,explanation');
    expect(lines[1]).toContain('SDN,15102');
  });

  it('reports bad rows in an error field and goes on', () => {
    const long = 'A'.repeat(600);
    const input = file('bad.csv', `id,name,country\n1,,\n2,${long},\n3,Daniel Moreno,XX\n4,Daniel Moreno,BZ\n`);
    const r = aiep(['screen', input, '--list', SDN]);
    expect(r.code).toBe(3);
    const rows = jsonl(r.stdout);
    expect(rows[0].error).toMatch(/empty name/);
    expect(rows[1].error).toMatch(/longer than/);
    expect(rows[2].error).toMatch(/invalid country code/);
    expect(rows[3].matches[0].entryId).toBe('15102');
  });

  it('exits 1 when rows could not be screened and nothing matched: an unscreened party is not a clear one', () => {
    const r = aiep(['screen', '-', '--list', SDN], 'name,country\nNobody Anywhere,XX\n');
    expect(r.code).toBe(1);
    expect(jsonl(r.stdout)[0].error).toMatch(/invalid country code/);
    expect(r.stderr).toMatch(/1 row\(s\) could not be screened/);
  });

  it('fails with exit 1 on an empty input, and on an empty --threshold', () => {
    const empty = aiep(['screen', file('empty.csv', ''), '--list', SDN]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/empty/);
    expect(aiep(['screen', '-', '--list', SDN, '--threshold', ''], 'name\nX\n').code).toBe(1);
  });

  it('fails with exit 1 and a clear message on an input without a name column, before loading lists', () => {
    const input = file('noname.csv', 'id,title\n1,x\n');
    const r = aiep(['screen', input, '--list', join(tmp, 'does-not-exist')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no "name" column/);
    expect(r.stdout).toBe('');
  });

  it('fails with exit 1 without --list when the database holds no active list, saying what to do', () => {
    const r = spawnSync(process.execPath, ['bin/aiep.mjs', 'screen', '-'], { cwd: ROOT, input: 'name\nX\n', encoding: 'utf8', timeout: 60_000, env: { ...process.env, DATABASE_URL: `sqlite:${join(tmp, 'empty.db')}`, DEMO_DATA: 'off' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/aiep lists import/);
    expect(r.stderr).toMatch(/--list/);
  });

  it('fails with exit 1 on a malformed list file, naming the file and line', () => {
    const bad = file('bad_list.csv', '_id,source,name\n"1","Entity List (EL) - Bureau of Industry and Security","Foo\n');
    const r = aiep(['screen', '-', '--list', bad], 'name\nFoo\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bad_list.csv:');
    expect(r.stdout).toBe('');
  });
});

describe('aiep screen pairs', () => {
  it('adds score and match columns to each row', () => {
    const r = aiep(['screen', 'pairs', '-'], 'name1,name2,schema\nVladimir Putin,"PUTIN, Vladimir",Person\nSiemens AG,Deutsche Bank AG,Company\nIgor Sechin,Ig0r Sech1n,\n');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('name1,name2,schema,score,match');
    expect(lines[1]).toBe('Vladimir Putin,"PUTIN, Vladimir",Person,1.0000,true');
    expect(lines[2]).toMatch(/,false$/);
    expect(lines[3]).toMatch(/,true$/);
  });

  it('fails with exit 1 and a clear message on a missing file', () => {
    const r = aiep(['screen', 'pairs', join(tmp, 'no-such-file.csv')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot read input file/);
    expect(r.stderr).not.toMatch(/ENOENT|at /);
  });

  it('fails with exit 1 without name1/name2 columns', () => {
    const r = aiep(['screen', 'pairs', '-'], 'a,b\n1,2\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/name1/);
  });
});
