// The proposal read's snapshot cache (proposals.service.ts, over StampCache) with two processes on
// one database: a change made through one process is what the other answers with next, on both
// dialects — the cache is invalidated by the database, not by the process that wrote.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb, testDemoOptions, testDeps } from '../test/harness.ts';
import type { Deps, ServiceContext } from '../lib/context.ts';
import { loadActor } from '../modules/auth/auth.service.ts';
import { getProposal, getProposalJson, updateProposal } from '../modules/proposals/proposals.service.ts';
import { loadDemoData } from '../seed/demo.ts';
import { createDb, type Db } from './connection.ts';
import { migrateToLatest } from './migrate.ts';

for (const dialect of DIALECTS) {
  describe(`proposal snapshot cache across processes [${dialect}]`, () => {
    let other: Db;
    let drop: () => Promise<void> = async () => {};
    let here: ServiceContext;
    let there: ServiceContext;
    let proposalId: string;

    beforeAll(async () => {
      const opened = await openTestDb(dialect, { file: true });
      drop = opened.drop;
      other = createDb(opened.url);
      const depsHere = testDeps(opened.db);
      const depsThere: Deps = testDeps(other);
      await migrateToLatest(depsHere.db);
      await loadDemoData(depsHere, testDemoOptions());
      const { db } = depsHere.db;
      const anchor = await db.selectFrom('users').select('id').where('email', '=', 'anchor@harborhealth.example').executeTakeFirstOrThrow();
      const draft = await db
        .selectFrom('proposals')
        .innerJoin('consortia', 'consortia.id', 'proposals.consortium_id')
        .select('proposals.id')
        .where('consortia.anchor_org_id', '=', 'org-harbor')
        .where('proposals.state', '=', 'draft')
        .executeTakeFirstOrThrow();
      proposalId = draft.id;
      here = { ...depsHere, actor: (await loadActor(depsHere, anchor.id))! };
      there = { ...depsThere, actor: (await loadActor(depsThere, anchor.id))! };
    });
    afterAll(async () => {
      await other?.destroy();
      await drop();
    });

    it('answers with what the other process committed: read, write there, read again', async () => {
      const before = await getProposal(here, proposalId);
      await getProposalJson(here, proposalId); // cached here now (or soon: see stamp-cache.test.ts)
      for (let i = 1; i <= 3; i++) {
        const current = await getProposal(there, proposalId);
        const title = `${before.title} (edited elsewhere ${i})`;
        await updateProposal(there, proposalId, { title, summary: current.summary, package: current.package }, current.version);
        const read = await getProposal(here, proposalId);
        expect(read.title).toBe(title);
        expect(read.version).toBe(before.version + i);
        const json = JSON.parse((await getProposalJson(here, proposalId)).json) as { title: string; version: number };
        expect(json).toMatchObject({ title, version: before.version + i });
      }
    });
  });
}
