// Retention and disposal: a run reports first and disposes of nothing; only an administrator's
// approval of that run disposes, re-checking every item; legal holds and designated packages are
// never disposed of; who may do what.
import { beforeAll, expect, it } from 'vitest';
import { expectProblem } from '../../test/expect-problem.ts';
import { ADMIN, createProposal, must, PROGRAM_OFFICER } from '../../test/factories.ts';
import { describeEachDb, type Client, type Harness } from '../../test/harness.ts';

const DAY = 86_400_000;

async function proposalExists(h: Harness, id: string): Promise<boolean> {
  return !!(await h.deps.db.db.selectFrom('proposals').select('id').where('id', '=', id).executeTakeFirst());
}

function pdfUpload(fields: Record<string, string>, text: string) {
  const boundary = `----aiep${Math.random().toString(16).slice(2)}`;
  const pdf = Buffer.concat([Buffer.from(`%PDF-1.7\n1 0 obj\n<< >>\nendobj\n% ${text}\n`), Buffer.alloc(300, 0x20), Buffer.from('\n%%EOF\n')]);
  const parts = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${text}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`), pdf, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(h: Harness, who: Client, proposalId: string, fields: Record<string, string>, text: string) {
  const body = pdfUpload(fields, text);
  const res = await h.app.inject({ method: 'POST', url: `/api/v1/proposals/${proposalId}/documents`, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': body.contentType }, payload: body.payload });
  expect(res.statusCode).toBe(201);
  return JSON.parse(res.body) as { id: string; full: { id: string } };
}

async function withdrawnDraft(h: Harness): Promise<{ id: string; anchor: Client }> {
  const p = await createProposal(h, 'draft');
  must(await p.anchor.post(`/api/v1/proposals/${p.id}/transitions`, { action: 'withdraw' }), 200, 'withdraw');
  return { id: p.id, anchor: p.anchor };
}

describeEachDb(
  'records: retention and disposal',
  (h) => {
    let admin: Client;
    let kept: string;
    let reviewedId: string;
    let disposable: string;
    let blobsOfDisposable: string[];
    let draft: { id: string; anchor: Client; replaced: string; current: string };

    const db0 = () => h().deps.db.db;

    /** Clients of a fresh login (moving the clock ends the older sessions). */
    const login = async (email: string) => h().login(email);

    beforeAll(async () => {
      kept = (await withdrawnDraft(h())).id;
      // A proposal withdrawn after its full review: assignments, scores, consultations, recommendation.
      const reviewed = await createProposal(h(), 'recommendation');
      must(await reviewed.anchor.post(`/api/v1/proposals/${reviewed.id}/transitions`, { action: 'withdraw', note: 'No longer pursued.' }), 200, 'withdraw reviewed');
      reviewedId = reviewed.id;
      // A document under the proposal to dispose of: its versions and stored file go with it.
      const p2 = await createProposal(h(), 'draft');
      await upload(h(), p2.anchor, p2.id, { title: 'Annex' }, 'annex');
      must(await p2.anchor.post(`/api/v1/proposals/${p2.id}/transitions`, { action: 'withdraw' }), 200, 'withdraw');
      disposable = p2.id;
      blobsOfDisposable = (await h().deps.db.db.selectFrom('document_versions').innerJoin('documents', 'documents.id', 'document_versions.document_id').select('blob_id').where('documents.proposal_id', '=', p2.id).execute()).map((r) => r.blob_id);
      expect(blobsOfDisposable).toHaveLength(1);

      // A draft whose document was replaced before any submission: version 1 is superseded.
      const p3 = await createProposal(h(), 'draft');
      const v1 = await upload(h(), p3.anchor, p3.id, { title: 'Budget' }, 'budget-v1');
      const v2 = await upload(h(), p3.anchor, p3.id, { documentId: v1.id }, 'budget-v2');
      draft = { id: p3.id, anchor: p3.anchor, replaced: v1.full.id, current: v2.full.id };

      admin = await login(ADMIN);
      must(await admin.post('/api/v1/records/legal-holds', { entityType: 'proposal', entityId: kept, reason: 'Litigation hold: matter 42' }), 201, 'hold');
      // Past the withdrawn proposals' period (RETENTION_PROPOSAL_WITHDRAWN_DAYS=1 below).
      h().deps.clock.set(new Date(h().deps.clock.millis() + 3 * DAY).toISOString());
      admin = await login(ADMIN);
    });

    it('lists the record classes with their periods and settings', async () => {
      const res = must(await admin.get('/api/v1/records/retention-classes'), 200, 'classes').body;
      const byClass = Object.fromEntries(res.items.map((c: { recordClass: string }) => [c.recordClass, c]));
      expect(byClass.proposal_withdrawn).toMatchObject({ retentionDays: 1, setting: 'RETENTION_PROPOSAL_WITHDRAWN_DAYS', handledBy: 'disposal_run' });
      expect(byClass.access_log).toMatchObject({ setting: 'ACCESS_LOG_RETENTION_DAYS', handledBy: 'scheduled_pruning' });
    });

    it('reports first and disposes of nothing until the run is approved; a hold keeps its proposal', async () => {
      const run = must(await admin.post('/api/v1/records/disposal-runs', { recordClass: 'proposal_withdrawn' }), 201, 'report').body;
      expect(run.status).toBe('reported');
      const ids = run.items.map((i: { id: string }) => i.id);
      expect(ids).toContain(disposable);
      expect(ids).not.toContain(kept);
      expect(run.kept).toContainEqual(expect.objectContaining({ id: kept, reason: 'legal hold' }));
      expect(run.itemCount).toBe(ids.length);
      // Reported, not disposed.
      expect(await proposalExists(h(), disposable)).toBe(true);
      expect((await admin.get(`/api/v1/records/disposal-runs/${run.id}`)).body.status).toBe('reported');

      expectProblem(await admin.post(`/api/v1/records/disposal-runs/${run.id}/approve`, { version: run.version + 1 }), 409, 'VERSION_CONFLICT');
      expect(await proposalExists(h(), disposable)).toBe(true);

      const done = must(await admin.post(`/api/v1/records/disposal-runs/${run.id}/approve`, { version: run.version }), 200, 'approve').body;
      expect(done.status).toBe('disposed');
      expect(done.result.disposed).toBe(ids.length);
      expect(done.decidedBy).toBeTruthy();
      expect(await proposalExists(h(), disposable)).toBe(false);
      expect(ids).toContain(reviewedId);
      expect(await proposalExists(h(), reviewedId)).toBe(false);
      expect(await db0().selectFrom('review_assignments').select('id').where('proposal_id', '=', reviewedId).execute()).toEqual([]);
      expect(await db0().selectFrom('consultations').select('id').where('proposal_id', '=', reviewedId).execute()).toEqual([]);
      expect(await proposalExists(h(), kept)).toBe(true);
      const db = h().deps.db.db;
      expect(await db.selectFrom('documents').select('id').where('proposal_id', '=', disposable).execute()).toEqual([]);
      expect(await db.selectFrom('blobs').select('id').where('id', 'in', blobsOfDisposable).execute()).toEqual([]);
      const po = await login(PROGRAM_OFFICER);
      expectProblem(await po.get(`/api/v1/proposals/${disposable}`), 404, 'NOT_FOUND');

      const events = await db.selectFrom('audit_events').selectAll().where('action', 'in', ['records.disposal_reported', 'records.disposed']).where('entity_id', '=', run.id).execute();
      expect(events.map((e) => e.action).sort()).toEqual(['records.disposal_reported', 'records.disposed']);
      expect(JSON.parse(events.find((e) => e.action === 'records.disposed')!.data_json).disposed).toContain(disposable);

      // Decided once.
      expectProblem(await admin.post(`/api/v1/records/disposal-runs/${run.id}/approve`, { version: done.version }), 409, 'INVALID_STATE');
    });

    it('re-checks at approval: a hold placed after the report keeps the proposal; a discarded run disposes of nothing', async () => {
      const c = await withdrawnDraft(h());
      h().deps.clock.set(new Date(h().deps.clock.millis() + 2 * DAY).toISOString());
      admin = await login(ADMIN);
      const run = must(await admin.post('/api/v1/records/disposal-runs', { recordClass: 'proposal_withdrawn' }), 201, 'report').body;
      expect(run.items.map((i: { id: string }) => i.id)).toContain(c.id);
      must(await admin.post('/api/v1/records/legal-holds', { entityType: 'proposal', entityId: c.id, reason: 'FOIA request 2026-17' }), 201, 'late hold');
      const done = must(await admin.post(`/api/v1/records/disposal-runs/${run.id}/approve`, { version: run.version }), 200, 'approve').body;
      expect(done.result.skipped).toContainEqual(expect.objectContaining({ id: c.id, reason: 'legal hold' }));
      expect(await proposalExists(h(), c.id)).toBe(true);

      // Released, it is reported again; discarding that run disposes of nothing.
      const holds = must(await admin.get('/api/v1/records/legal-holds?active=true'), 200, 'holds').body.items;
      const hold = holds.find((x: { entityId: string }) => x.entityId === c.id);
      must(await admin.post(`/api/v1/records/legal-holds/${hold.id}/release`, { reason: 'Request closed' }), 200, 'release');
      expectProblem(await admin.post(`/api/v1/records/legal-holds/${hold.id}/release`, { reason: 'again' }), 409, 'INVALID_STATE');
      const again = must(await admin.post('/api/v1/records/disposal-runs', { recordClass: 'proposal_withdrawn' }), 201, 'report again').body;
      expect(again.items.map((i: { id: string }) => i.id)).toContain(c.id);
      const discarded = must(await admin.post(`/api/v1/records/disposal-runs/${again.id}/discard`, { version: again.version }), 200, 'discard').body;
      expect(discarded.status).toBe('discarded');
      expect(await proposalExists(h(), c.id)).toBe(true);
      expectProblem(await admin.post(`/api/v1/records/disposal-runs/${again.id}/approve`, { version: discarded.version }), 409, 'INVALID_STATE');
    });

    it('disposes of document versions replaced before any submission, keeping the current one', async () => {
      const run = must(await admin.post('/api/v1/records/disposal-runs', { recordClass: 'documents_superseded' }), 201, 'report').body;
      const ids = run.items.map((i: { id: string }) => i.id);
      expect(ids).toContain(draft.replaced);
      expect(ids).not.toContain(draft.current);
      const db = h().deps.db.db;
      const blobOf = async (id: string) => (await db.selectFrom('document_versions').select('blob_id').where('id', '=', id).executeTakeFirst())?.blob_id;
      const oldBlob = (await blobOf(draft.replaced))!;
      must(await admin.post(`/api/v1/records/disposal-runs/${run.id}/approve`, { version: run.version }), 200, 'approve');
      expect(await blobOf(draft.replaced)).toBeUndefined();
      expect(await db.selectFrom('blobs').select('id').where('id', '=', oldBlob).execute()).toEqual([]);
      const dl = await h().app.inject({ method: 'GET', url: `/api/v1/documents/versions/${draft.current}/download`, headers: { cookie: draft.anchor.cookie } });
      expect(dl.statusCode).toBe(200);
      expect(dl.rawPayload.toString('latin1')).toContain('budget-v2');
    });

    it('never reports a designated package', async () => {
      const d = await createProposal(h(), 'designated');
      h().deps.clock.set(new Date(h().deps.clock.millis() + 2 * DAY).toISOString());
      admin = await login(ADMIN);
      for (const recordClass of ['proposal_withdrawn', 'proposal_not_designated', 'documents_superseded']) {
        const run = must(await admin.post('/api/v1/records/disposal-runs', { recordClass }), 201, recordClass).body;
        expect(run.items.map((i: { id: string }) => i.id)).not.toContain(d.id);
      }
    });

    it('disposes of sent e-mails past their period, never pending ones', async () => {
      const db = h().deps.db.db;
      const old = new Date(h().deps.clock.millis() - 3 * DAY).toISOString();
      const row = (id: string, status: string) => ({ id, to_address: 'someone@example.org', user_id: null, template: 'password_changed', params_json: '{}', notification_id: null, status, last_error: null, next_attempt_at: null, created_at: old, sent_at: status === 'sent' ? old : null });
      await db.insertInto('mail_outbox').values([row('mail-sent-old', 'sent'), row('mail-pending-old', 'pending')]).execute();
      const run = must(await admin.post('/api/v1/records/disposal-runs', { recordClass: 'mail_outbox_sent' }), 201, 'report').body;
      const ids = run.items.map((i: { id: string }) => i.id);
      expect(ids).toContain('mail-sent-old');
      expect(ids).not.toContain('mail-pending-old');
      must(await admin.post(`/api/v1/records/disposal-runs/${run.id}/approve`, { version: run.version }), 200, 'approve');
      expect((await db.selectFrom('mail_outbox').select('id').where('id', 'in', ['mail-sent-old', 'mail-pending-old']).execute()).map((r) => r.id)).toEqual(['mail-pending-old']);
    });

    it('refuses bad input and everyone but administrators (auditors read)', async () => {
      expectProblem(await admin.post('/api/v1/records/disposal-runs', { recordClass: 'everything' }), 400, 'VALIDATION_FAILED');
      expectProblem(await admin.post('/api/v1/records/disposal-runs', { recordClass: 'access_log' }), 400, 'VALIDATION_FAILED');
      expectProblem(await admin.post('/api/v1/records/legal-holds', { entityType: 'proposal', entityId: 'no-such-proposal', reason: 'x' }), 404, 'NOT_FOUND');
      expectProblem(await admin.post('/api/v1/records/legal-holds', { entityType: 'proposal', entityId: kept, reason: '   ' }), 400, 'VALIDATION_FAILED');
      expectProblem(await admin.get('/api/v1/records/disposal-runs/no-such-run'), 404, 'NOT_FOUND');
      const runsBefore = (await h().deps.db.db.selectFrom('disposal_runs').select('id').execute()).length;

      const auditor = await login('auditor@oig.example');
      must(await auditor.get('/api/v1/records/disposal-runs'), 200, 'auditor reads runs');
      must(await auditor.get('/api/v1/records/legal-holds'), 200, 'auditor reads holds');
      expectProblem(await auditor.post('/api/v1/records/disposal-runs', { recordClass: 'sessions' }), 403, 'FORBIDDEN');
      const po = await login(PROGRAM_OFFICER);
      expectProblem(await po.get('/api/v1/records/disposal-runs'), 403, 'FORBIDDEN');
      expectProblem(await po.post('/api/v1/records/disposal-runs', { recordClass: 'sessions' }), 403, 'FORBIDDEN');
      expectProblem(await po.post('/api/v1/records/legal-holds', { entityType: 'proposal', entityId: kept, reason: 'x' }), 403, 'FORBIDDEN');
      const anchor = await login('anchor@meridian.example');
      expectProblem(await anchor.get('/api/v1/records/retention-classes'), 403, 'FORBIDDEN');
      expect((await h().deps.db.db.selectFrom('disposal_runs').select('id').execute()).length).toBe(runsBefore);
    });

    it('disposes of expired sessions after approval only', async () => {
      // Every session so far has expired (SESSION_TTL_HOURS=240 below) more than a day ago.
      h().deps.clock.set(new Date(h().deps.clock.millis() + 12 * DAY).toISOString());
      admin = await login(ADMIN);
      const run = must(await admin.post('/api/v1/records/disposal-runs', { recordClass: 'sessions' }), 201, 'report').body;
      expect(run.itemCount).toBeGreaterThan(0);
      const db = h().deps.db.db;
      const count = async () => (await db.selectFrom('sessions').select('id_hash').where('id_hash', 'in', run.items.map((i: { id: string }) => i.id)).execute()).length;
      expect(await count()).toBe(run.itemCount);
      must(await admin.post(`/api/v1/records/disposal-runs/${run.id}/approve`, { version: run.version }), 200, 'approve');
      expect(await count()).toBe(0);
      // The administrator's own live session is not among them.
      must(await admin.get('/api/v1/records/disposal-runs'), 200, 'still logged in');
    });
  },
  { config: { SESSION_TTL_HOURS: '240', RETENTION_PROPOSAL_WITHDRAWN_DAYS: '1', RETENTION_PROPOSAL_NOT_DESIGNATED_DAYS: '1', RETENTION_DOCUMENTS_SUPERSEDED_DAYS: '1', RETENTION_SESSIONS_DAYS: '1', RETENTION_MAIL_OUTBOX_SENT_DAYS: '1' } },
);
