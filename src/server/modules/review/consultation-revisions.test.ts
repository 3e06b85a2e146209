// An agency's consultation answer is one record with its history: the first answer stands until a
// reviewer of the same agency revises it with a reason, on the version read; earlier answers stay
// visible to those who see the consultation, and nobody else learns of them.
import type { Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { recordAnswersAsFirstRevisions } from '../../db/migrations/013-consultation-revisions.ts';
import { expectProblem } from '../../test/expect-problem.ts';
import { createProposal, must, PROGRAM_OFFICER, session, type FactoryProposal } from '../../test/factories.ts';
import { describeEachDb, type Client } from '../../test/harness.ts';

const WITH_CONDITIONS = { position: 'concur_with_conditions', rationale: 'Supports regional digital sovereignty.', conditions: ['No transfer of model weights to third countries.', 'Annual security audit shared with State.'] };

describeEachDb('consultation answers with their history', (h) => {
  let p: FactoryProposal;
  let po: Client;
  let state1: Client;
  let state2: Client;
  let consultationId: string;

  const consultation = async () => must(await po.get(`/api/v1/consultations/${consultationId}`), 200, 'read the consultation').body;
  const auditCount = async () => Number((await h().deps.db.db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    p = await createProposal(h(), 'under_review');
    po = await session(h(), PROGRAM_OFFICER);
    state1 = await session(h(), 'reviewer@state.example');
    state2 = await session(h(), 'reviewer2@state.example');
    const items = must(await po.post(`/api/v1/proposals/${p.id}/consultations`, {}), 201, 'request consultations').body.items as { id: string; agency: string; allowedActions: string[] }[];
    consultationId = items.find((c) => c.agency === 'STATE')!.id;
    // The program office reads every position but answers for no agency.
    expect(items.every((c) => c.allowedActions.length === 0)).toBe(true);
  });

  it('the first answer is revision 1; a second reviewer of the agency cannot overwrite it, only revise it with a reason', async () => {
    const before = (await state1.get(`/api/v1/consultations/${consultationId}`)).body;
    expect(before).toMatchObject({ revision: 0, version: 1, position: null, revisions: [], answeredBy: null, allowedActions: ['answer'] });
    const first = must(await state1.put(`/api/v1/consultations/${consultationId}`, WITH_CONDITIONS), 200, 'first answer').body;
    expect(first).toMatchObject({ revision: 1, version: 2, position: 'concur_with_conditions', conditions: WITH_CONDITIONS.conditions, allowedActions: ['revise'] });
    expect(first.revisions).toEqual([expect.objectContaining({ revision: 1, reason: null, answeredBy: expect.objectContaining({ name: 'Robin Okafor' }), conditions: WITH_CONDITIONS.conditions })]);

    // The silent overwrite of the issue: refused, and the conditions stay.
    const overwrite = await state2.put(`/api/v1/consultations/${consultationId}`, { position: 'no_comment', rationale: 'No objection.' });
    expectProblem(overwrite, 409, 'CONSULTATION_ANSWERED');
    expect(overwrite.body.currentVersion).toBe(2);
    expect((await consultation()).conditions).toEqual(WITH_CONDITIONS.conditions);

    const revised = await state2.post(`/api/v1/consultations/${consultationId}/revisions`, { position: 'concur', rationale: 'The conditions are met by the amended package.', reason: 'The consortium committed to both conditions in writing.', version: 2 });
    expect(revised.status).toBe(201);
    expect(revised.body).toMatchObject({ revision: 2, version: 3, position: 'concur', conditions: [], answeredBy: { name: 'Jules Moreau' } });
    // Both versions stay visible: who, when, position, conditions, reason.
    const seen = await consultation();
    expect(seen.revisions.map((r: { revision: number; position: string; reason: string | null; answeredBy: { name: string } }) => [r.revision, r.position, r.reason, r.answeredBy.name])).toEqual([
      [1, 'concur_with_conditions', null, 'Robin Okafor'],
      [2, 'concur', 'The consortium committed to both conditions in writing.', 'Jules Moreau'],
    ]);
    expect(seen.revisions[0].conditions).toEqual(WITH_CONDITIONS.conditions);
    expect(seen.revisions.every((r: { answeredAt: string }) => typeof r.answeredAt === 'string')).toBe(true);
    const listed = must(await po.get(`/api/v1/proposals/${p.id}/consultations`), 200, 'list').body.items.find((c: { id: string }) => c.id === consultationId);
    expect(listed.revisions).toHaveLength(2);
    const mine = must(await state1.get('/api/v1/consultations'), 200, 'agency list').body.items.find((c: { id: string }) => c.id === consultationId);
    expect(mine).toMatchObject({ proposalId: p.id, revision: 2, allowedActions: ['revise'] });

    // Audited, with the reason and what it replaced; the program office is told.
    const history = must(await po.get(`/api/v1/proposals/${p.id}/history`), 200, 'history').body.events as { action: string; data: Record<string, unknown> }[];
    const event = history.find((e) => e.action === 'consultation.revised')!;
    expect(event.data).toMatchObject({ agency: 'STATE', revision: 2, position: 'concur', reason: 'The consortium committed to both conditions in writing.', from: { position: 'concur_with_conditions', conditions: WITH_CONDITIONS.conditions } });
    const notes = must(await po.get('/api/v1/notifications'), 200, 'notifications').body.items as { kind: string }[];
    expect(notes.some((n) => n.kind === 'consultation_revised')).toBe(true);
  });

  it('bad revisions write nothing: no reason, a stale version, no change, conditions missing', async () => {
    const before = await consultation();
    const events = await auditCount();
    const change = { position: 'non_concur', rationale: 'New information on the buyer.', reason: 'An embassy cable on the buyer.' };
    expectProblem(await state1.post(`/api/v1/consultations/${consultationId}/revisions`, { ...change, reason: undefined, version: before.version }), 400, 'VALIDATION_FAILED');
    expectProblem(await state1.post(`/api/v1/consultations/${consultationId}/revisions`, { ...change, reason: '   ', version: before.version }), 400, 'VALIDATION_FAILED');
    expectProblem(await state1.post(`/api/v1/consultations/${consultationId}/revisions`, { ...change, position: 'concur_with_conditions', version: before.version }), 400, 'VALIDATION_FAILED');
    expectProblem(await state1.post(`/api/v1/consultations/${consultationId}/revisions`, { position: before.position, rationale: before.rationale, conditions: before.conditions, reason: 'Nothing new.', version: before.version }), 400, 'VALIDATION_FAILED');
    const stale = await state1.post(`/api/v1/consultations/${consultationId}/revisions`, { ...change, version: before.version - 1 });
    expectProblem(stale, 409, 'VERSION_CONFLICT');
    expect(stale.body.currentVersion).toBe(before.version);
    expect(await consultation()).toEqual(before);
    expect(await auditCount()).toBe(events);
  });

  it('only the agency’s own reviewers revise; the consortium and other agencies never see the positions', async () => {
    const body = { position: 'non_concur', rationale: 'x', reason: 'y', version: (await consultation()).version };
    const ostp = await session(h(), 'reviewer@ostp.example');
    const edag = await session(h(), 'edag@state.example');
    for (const [who, client] of [['another agency', ostp], ['program officer', po], ['anchor', p.anchor], ['member', p.member], ['EDAG coordinator', edag]] as const) {
      expectProblem(await client.post(`/api/v1/consultations/${consultationId}/revisions`, body), 404, 'NOT_FOUND');
      expect((await client.put(`/api/v1/consultations/${consultationId}`, { position: 'concur', rationale: 'x' })).status, who).toBe(404);
    }
    for (const [who, client] of [['another agency', ostp], ['anchor', p.anchor], ['member', p.member], ['EDAG coordinator', edag]] as const) {
      expect((await client.get(`/api/v1/consultations/${consultationId}`)).status, who).toBe(404);
    }
    expect((await p.anchor.get(`/api/v1/proposals/${p.id}/consultations`)).status).toBe(404);
    expect((await ostp.get(`/api/v1/proposals/${p.id}/consultations`)).body.items.map((c: { agency: string }) => c.agency)).toEqual(['OSTP']);
    // The consortium's history carries no consultation event.
    const theirs = must(await p.anchor.get(`/api/v1/proposals/${p.id}/history`), 200, 'history (anchor)').body.events as { action: string }[];
    expect(theirs.filter((e) => e.action.startsWith('consultation.'))).toEqual([]);
    // Decision officials and auditors read every position with its history.
    for (const email of ['decision@ita.example', 'auditor@oig.example']) {
      expect(must(await (await session(h(), email)).get(`/api/v1/consultations/${consultationId}`), 200, email).body.revisions).toHaveLength(2);
    }
  });

  it('a revision needs a first answer, and closes with the consultation', async () => {
    const ostp = await session(h(), 'reviewer@ostp.example');
    const ostpId = (await ostp.get(`/api/v1/proposals/${p.id}/consultations`)).body.items[0].id as string;
    expectProblem(await ostp.post(`/api/v1/consultations/${ostpId}/revisions`, { position: 'concur', rationale: 'x', reason: 'y', version: 1 }), 409, 'CONSULTATION_NOT_ANSWERED');
    must(await po.post(`/api/v1/proposals/${p.id}/transitions`, { action: 'return_for_information', note: 'Please clarify the Brazilian sites.' }), 200, 'return for information');
    const version = (await consultation()).version;
    expectProblem(await state1.post(`/api/v1/consultations/${consultationId}/revisions`, { position: 'non_concur', rationale: 'x', reason: 'y', version }), 409, 'INVALID_STATE');
    expect((await state1.get(`/api/v1/consultations/${consultationId}`)).body.allowedActions).toEqual([]);
  });

  it('consultations answered before revisions existed become revision 1 (migration 013)', async () => {
    const db = h().deps.db.db;
    const answered = await db.selectFrom('consultations').selectAll().where('answered_at', 'is not', null).execute();
    const aseanOnes = answered.filter((c) => c.proposal_id !== p.id);
    expect(aseanOnes.length).toBeGreaterThanOrEqual(4);
    // As the table stood before the migration: answers without revisions, version 1.
    await db.deleteFrom('consultation_revisions').where('consultation_id', 'in', aseanOnes.map((c) => c.id)).execute();
    await db.updateTable('consultations').set({ version: 1 }).where('id', 'in', aseanOnes.map((c) => c.id)).execute();
    await recordAnswersAsFirstRevisions(db as unknown as Kysely<unknown>);
    const now = await db.selectFrom('consultation_revisions').selectAll().where('consultation_id', 'in', aseanOnes.map((c) => c.id)).execute();
    expect(now).toHaveLength(aseanOnes.length);
    for (const c of aseanOnes) {
      const r = now.find((x) => x.consultation_id === c.id)!;
      expect(r).toMatchObject({ revision: 1, position: c.position, rationale: c.rationale, conditions_json: c.conditions_json, answered_by: c.answered_by, answered_at: c.answered_at, reason: null });
    }
    const war = (await po.get(`/api/v1/consultations/${aseanOnes.find((c) => c.agency === 'WAR')!.id}`)).body;
    expect(war).toMatchObject({ version: 2, revision: 1, position: 'concur_with_conditions', revisions: [expect.objectContaining({ revision: 1, conditions: ['No access by military end users without prior review.'] })] });
  });
});
