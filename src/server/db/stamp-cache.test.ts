import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type Db } from './connection.ts';
import { StampCache } from './stamp-cache.ts';

describe('SQLite change stamp and the stamp cache', () => {
  let dir: string;
  let a: Db;
  let b: Db;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aiep-stamp-'));
    a = createDb(`sqlite:${join(dir, 'x.db')}`);
    b = createDb(`sqlite:${join(dir, 'x.db')}`);
    await sql`create table t (id integer primary key, v text)`.execute(a.db);
    await sql`insert into t (id, v) values (1, 'one')`.execute(a.db);
  });
  afterEach(async () => {
    await a.destroy();
    await b.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const read = (db: Db) => sql<{ v: string }>`select v from t where id = 1`.execute(db.db).then((r) => r.rows[0]!.v);

  it('stays put across reads and moves on every own write, commit and rollback', async () => {
    const s0 = a.changeStamp();
    await read(a);
    expect(a.changeStamp()).toBe(s0);
    await sql`update t set v = 'two' where id = 1`.execute(a.db);
    const s1 = a.changeStamp();
    expect(s1).not.toBe(s0);
    await a.db
      .transaction()
      .execute(async (trx) => {
        await sql`select v from t`.execute(trx);
        throw new Error('abort');
      })
      .catch(() => undefined);
    expect(a.changeStamp()).not.toBe(s1);
  });

  it('moves when another connection (another process) commits', async () => {
    const s0 = a.changeStamp();
    await sql`update t set v = 'from b' where id = 1`.execute(b.db);
    expect(a.changeStamp()).not.toBe(s0);
  });

  it('serves a cached value only while nothing changed, and a frozen one', async () => {
    const cache = new StampCache<{ v: string }>(10);
    let loads = 0;
    const get = () => cache.get(a, 'k', async () => ({ v: (loads++, await read(a)) }));
    expect(await get()).toEqual({ v: 'one' });
    expect(await get()).toEqual({ v: 'one' });
    expect(loads).toBe(1);
    const value = await get();
    expect(() => ((value).v = 'changed')).toThrow(TypeError);
    await sql`update t set v = 'from b' where id = 1`.execute(b.db);
    expect(await get()).toEqual({ v: 'from b' });
    expect(loads).toBe(2);
  });

  it('does not cache where the database has no stamp', async () => {
    const noStamp = { ...a, changeStamp: () => null };
    const cache = new StampCache<number>(10);
    let loads = 0;
    await cache.get(noStamp, 'k', async () => ++loads);
    await cache.get(noStamp, 'k', async () => ++loads);
    expect(loads).toBe(2);
  });
});
