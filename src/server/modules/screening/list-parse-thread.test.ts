// Parsing an uploaded list in a thread of its own (list-parse-host.ts): the same entries as parsing
// in-process, a malformed file refused alike, and an upload large enough for the thread imported
// through the HTTP path's use case on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import type { Db } from '../../db/connection.ts';
import { DIALECTS, openTestDb, testConfig, testDeps } from '../../test/harness.ts';
import { syntheticCsl } from './__fixtures__/synthetic-list.ts';
import { parseInThread } from './list-parse-host.ts';
import { importParsedList, parseUploadedList, parseUploadedListOffThread } from './screening.lists.ts';
import { findVersion } from './screening.repository.ts';

const refusal = async (p: Promise<unknown> | (() => unknown)) => {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    return err;
  }
  throw new Error('expected a refusal');
};

describe('list parse thread', () => {
  it('answers the entries the in-process parse answers, in the same order', async () => {
    const { csv } = syntheticCsl(2_000, 3);
    const here = parseUploadedList(csv, 'synthetic.csv');
    const there = await parseInThread({ text: csv, fileName: 'synthetic.csv' });
    expect(there).toEqual(here);
    expect(there.entries.ids).toHaveLength(2_000);
  });

  it('refuses a malformed file with the error the in-process parse gives (422, naming file and line)', async () => {
    const text = 'not,a,known,list,header\n1,2,3,4,5\n';
    const here = (await refusal(() => parseUploadedList(text, 'odd.csv'))) as AppError;
    const there = (await refusal(parseInThread({ text, fileName: 'odd.csv' }))) as AppError;
    expect(there).toBeInstanceOf(AppError);
    expect({ status: there.status, code: there.code, message: there.message }).toEqual({ status: here.status, code: here.code, message: here.message });
    expect(there.status).toBe(422);
    expect(there.message).toContain('odd.csv');
  });

  it('refuses an unknown format named by the caller, as in-process', async () => {
    const { csv } = syntheticCsl(5, 3);
    const there = (await refusal(parseInThread({ text: csv, fileName: 'x.csv', format: 'un' }))) as AppError;
    expect(there).toBeInstanceOf(AppError);
    expect(there.code).toBe('LIST_MALFORMED');
  });
});

for (const dialect of DIALECTS) {
  describe(`a large upload parsed off the main thread and imported [${dialect}]`, () => {
    let db: Db;
    let drop: () => Promise<void> = async () => {};
    beforeAll(async () => {
      const opened = await openTestDb(dialect);
      db = opened.db;
      drop = opened.drop;
      await migrateToLatest(db);
    });
    afterAll(async () => {
      await db.destroy();
      await drop();
    });

    it('imports every entry of a 3,000-entry file (over the thread threshold) once; importing it again writes nothing', async () => {
      const deps = testDeps(db, testConfig({ SCREENING_INDEX_THREAD: 'on' }));
      const { csv } = syntheticCsl(3_000, 11);
      expect(csv.length).toBeGreaterThan(256 * 1024);
      const parsed = await parseUploadedListOffThread(deps, csv, 'big.csv');
      const v = await importParsedList(deps, parsed, { actorId: null });
      expect(v.alreadyImported).toBe(false);
      expect((await findVersion(db.db, v.id))?.entry_count).toBe(3_000);
      const again = await importParsedList(deps, await parseUploadedListOffThread(deps, csv, 'big.csv'), { actorId: null });
      expect(again).toMatchObject({ id: v.id, alreadyImported: true });
    });
  });
}
