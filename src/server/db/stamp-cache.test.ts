// The change stamp of both dialects and the stamp cache over it. Two Db objects on one database
// stand for two processes: what one commits, the other's cache must not hide. On PostgreSQL the
// stamp is cluster-wide and other suites may be writing beside this one, so a test there never
// expects the stamp to stay put: only that it moves, and that nothing stale is ever served.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb } from '../test/harness.ts';
import { createDb, sharedFreshRead, type Db } from './connection.ts';
import { StampCache } from './stamp-cache.ts';

for (const dialect of DIALECTS) {
  describe(`change stamp and stamp cache across processes [${dialect}]`, () => {
    let a: Db;
    let b: Db;
    let drop: () => Promise<void>;

    beforeEach(async () => {
      const opened = await openTestDb(dialect, { file: true });
      a = opened.db;
      b = createDb(opened.url);
      drop = opened.drop;
      await sql`create table t (id integer primary key, v text not null, n integer not null)`.execute(a.db);
      await sql`insert into t (id, v, n) values (1, 'one', 0)`.execute(a.db);
    });
    afterEach(async () => {
      await b.destroy();
      await drop();
    });

    const read = (db: Db) => sql<{ v: string; n: number }>`select v, n from t where id = 1`.execute(db.db).then((r) => r.rows[0]!);
    const write = (db: Db, v: string) => sql`update t set v = ${v}, n = n + 1 where id = 1`.execute(db.db);

    it('moves when another connection (another process) commits', async () => {
      const s0 = await a.changeStamp();
      expect(s0).toEqual(expect.any(String));
      await write(b, 'from b');
      expect(await a.changeStamp()).not.toBe(s0);
    });

    it('moves when a transaction of another connection commits, not before it commits', async () => {
      let release: () => void = () => {};
      const held = new Promise<void>((r) => (release = r));
      let wrote: () => void = () => {};
      const written = new Promise<void>((r) => (wrote = r));
      const tx = b.db.transaction().execute(async (trx) => {
        await sql`update t set v = 'in tx', n = n + 1 where id = 1`.execute(trx);
        wrote();
        await held;
      });
      await written;
      const cache = new StampCache<{ v: string }>(10);
      // While the write is uncommitted, a read (cached or not) sees what was committed before it.
      expect(await cache.get(a, 'k', () => read(a))).toMatchObject({ v: 'one' });
      const during = await a.changeStamp();
      release();
      await tx;
      expect(await a.changeStamp()).not.toBe(during);
      expect(await cache.get(a, 'k', () => read(a))).toMatchObject({ v: 'in tx' });
    });

    it('serves the value another process committed: read, write there, read again', async () => {
      const cache = new StampCache<{ v: string }>(10);
      let loads = 0;
      const get = () =>
        cache.get(a, 'k', async () => {
          loads++;
          return read(a);
        });
      expect(await get()).toMatchObject({ v: 'one' });
      await write(b, 'from b');
      expect(await get()).toMatchObject({ v: 'from b' });
      await write(b, 'again from b');
      expect(await get()).toMatchObject({ v: 'again from b' });
      expect(loads).toBeGreaterThanOrEqual(3);
    });

    it('serves a value from the cache while nothing was committed, frozen', async () => {
      const cache = new StampCache<{ v: string }>(10);
      let loads = 0;
      const get = () =>
        cache.get(a, 'k', async () => {
          loads++;
          return read(a);
        });
      // On PostgreSQL another suite's commit between the two reads moves the stamp: try a few times.
      let cachedOnce = false;
      for (let i = 0; i < 50 && !cachedOnce; i++) {
        const before = loads;
        await get();
        await get();
        cachedOnce = loads - before === 1;
      }
      expect(cachedOnce).toBe(true);
      const value = await get();
      expect(() => (value.v = 'changed')).toThrow(TypeError);
    });

    it('shares one load among callers under the same stamp, and keeps no failed load', async () => {
      const cache = new StampCache<number>(10);
      let loads = 0;
      const slowLoad = async () => {
        loads++;
        await read(a);
        return 42;
      };
      // On PostgreSQL the first caller's stamp query may differ from the rest's: at most two loads.
      const values = await Promise.all(Array.from({ length: 10 }, () => cache.get(a, 'k', slowLoad)));
      expect(values).toEqual(Array(10).fill(42));
      expect(loads).toBeLessThanOrEqual(2);

      const failing = new StampCache<number>(10);
      await expect(failing.get(a, 'k', () => Promise.reject(new Error('load failed')))).rejects.toThrow('load failed');
      expect(await failing.get(a, 'k', async () => 7)).toBe(7);
    });

    it('a read inside a transaction sees its own writes and is never cached', async () => {
      const cache = new StampCache<{ v: string }>(10);
      const get = (db: Db) => cache.get(db, 'k', () => read(db));
      expect(await get(a)).toMatchObject({ v: 'one' });
      await a.db
        .transaction()
        .execute(async (trx) => {
          // As modules read through a caller's transaction (designation.service.ts readerOf).
          const inTx: Db = { ...a, db: trx };
          expect(await get(inTx)).toMatchObject({ v: 'one' });
          await sql`update t set v = 'uncommitted', n = n + 1 where id = 1`.execute(trx);
          expect(await get(inTx)).toMatchObject({ v: 'uncommitted' });
          throw new Error('roll back');
        })
        .catch((err: unknown) => {
          if (!(err instanceof Error && err.message === 'roll back')) throw err;
        });
      // Nothing the transaction read outlives it.
      expect(await get(a)).toMatchObject({ v: 'one' });
    });

    it('under concurrent readers and a writer, no read is older than the last commit before it started', async () => {
      const cache = new StampCache<{ v: string; n: number }>(10);
      let committed = 0; // the last version whose commit has returned to the writer
      let writing = true;
      let reads = 0;
      let loads = 0;
      const stale: string[] = [];
      const writer = (async () => {
        try {
          for (let i = 1; i <= 40; i++) {
            await write(b, `v${i}`);
            committed = i;
            await new Promise((r) => setImmediate(r));
          }
        } finally {
          writing = false;
        }
      })();
      const reader = async () => {
        while (writing) {
          const floor = committed;
          const got = await cache.get(a, 'k', async () => {
            loads++;
            return read(a);
          });
          reads++;
          if (got.n < floor) stale.push(`read ${got.n} after ${floor} was committed`);
          await new Promise((r) => setImmediate(r)); // a cache hit awaits nothing but microtasks: let the writer run
        }
      };
      await Promise.all([writer, ...Array.from({ length: 8 }, reader)]);
      expect(stale).toEqual([]);
      expect(reads).toBeGreaterThan(40);
      expect(loads).toBeLessThan(reads); // the cache did serve some reads
      expect((await read(a)).n).toBe(40);
    });

    if (dialect === 'sqlite') {
      it('SQLite: stays put across reads and moves on every own write, commit and rollback', async () => {
        const s0 = a.changeStamp();
        expect(typeof s0).toBe('string'); // read synchronously
        await read(a);
        expect(a.changeStamp()).toBe(s0);
        await write(a, 'two');
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
    }
  });
}

describe('stamp cache without a stamp', () => {
  it('does not cache where the database has no stamp', async () => {
    const db = createDb('sqlite::memory:');
    try {
      const noStamp: Db = { ...db, changeStamp: () => null };
      const cache = new StampCache<number>(10);
      let loads = 0;
      await cache.get(noStamp, 'k', async () => ++loads);
      await cache.get(noStamp, 'k', async () => ++loads);
      expect(loads).toBe(2);
    } finally {
      await db.destroy();
    }
  });
});

describe('sharedFreshRead', () => {
  /** A read whose results the test hands out one by one, in the order the reads were sent. */
  function manualReads() {
    const sent: { resolve(v: number): void; reject(e: Error): void }[] = [];
    const read = () => new Promise<number>((resolve, reject) => sent.push({ resolve, reject }));
    return { sent, shared: sharedFreshRead(read) };
  }
  const settled = () => new Promise((r) => setImmediate(r));

  it('never hands a caller a read sent before it called, and shares the next one', async () => {
    const { sent, shared } = manualReads();
    const first = shared();
    expect(sent).toHaveLength(1);
    const second = shared(); // the first read is under way: this caller waits for a new one
    const third = shared(); // joins the second caller's read, not yet sent
    expect(sent).toHaveLength(1);
    sent[0]!.resolve(1);
    expect(await first).toBe(1);
    await settled();
    expect(sent).toHaveLength(2);
    const fourth = shared(); // the second read is under way: a third one for this caller
    sent[1]!.resolve(2);
    expect(await second).toBe(2);
    expect(await third).toBe(2);
    await settled();
    expect(sent).toHaveLength(3);
    sent[2]!.resolve(3);
    expect(await fourth).toBe(3);
    // Nothing under way: the next caller sends at once.
    const fifth = shared();
    expect(sent).toHaveLength(4);
    sent[3]!.resolve(4);
    expect(await fifth).toBe(4);
  });

  it('a failed read fails its callers only; the callers waiting for the next one get it', async () => {
    const { sent, shared } = manualReads();
    const first = shared();
    const second = shared();
    sent[0]!.reject(new Error('connection lost'));
    await expect(first).rejects.toThrow('connection lost');
    await settled();
    sent[1]!.resolve(5);
    expect(await second).toBe(5);
  });
});
