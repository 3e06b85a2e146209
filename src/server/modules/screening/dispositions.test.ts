// Separation of duties for screening dispositions: who may raise or lower a hit's effect, the
// consortium's contest, the two-person clearance of a confirmed prohibited match, what each viewer
// is offered (`allowedActions`), and a draft's parties kept out of the program office's sight.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runJobsOnce } from '../../jobs/worker.ts';
import { expectProblem } from '../../test/expect-problem.ts';
import { createConsortium, factoryPackage } from '../../test/factories.ts';
import { describeEachDb, type Client } from '../../test/harness.ts';
import { syncAndScreen } from './screening.parties.ts';

const FIXTURE = readFileSync(join(import.meta.dirname, '__fixtures__', 'csl_test_v1.csv'), 'utf8');
const PASSWORD = 'Separate-Duties-Test-2026!';
const CERTIFICATIONS = ['antiBribery', 'exportControl', 'outboundInvestment', 'bciConsent'];

describeEachDb('screening dispositions: separation of duties, contests, four-eyes clearance, drafts', (h) => {
  let admin: Client;
  let co: Client; // compliance@meridian: the Gulf proposal's consortium
  let po: Client;
  let analyst: Client; // screening.analyst@ita.example (Morgan Ortiz)
  let analyst2: Client;
  let auditor: Client;
  let otherCo: Client; // a compliance officer of a company outside the Gulf consortium
  let riyadh: any; // the SDN (prohibited) hit on the Gulf proposal's own party
  let jade: any; // an Entity List (license required) hit on Jade Harbour's ultimate parent

  const db = () => h().deps.db.db;
  const alertRow = (id: string) => db().selectFrom('screening_alerts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const contestRows = (id: string) => db().selectFrom('screening_alert_contests').selectAll().where('alert_id', '=', id).execute();
  const auditCount = async (action: string, id: string) => (await db().selectFrom('audit_events').select('id').where('action', '=', action).where('entity_id', '=', id).execute()).length;
  const view = async (c: Client, id: string) => {
    const res = await c.get(`/api/v1/screening/alerts/${id}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const gulfMatrixParty = async () => {
    const m = (await co.get(`/api/v1/proposals/${riyadh.party.proposalId}/compliance`)).body;
    const party = m.parties.find((p: any) => p.name === 'Riyadh Sovereign Cloud Company');
    return { party, prohibited: m.cells.some((c: any) => c.partyId === party.id && c.status === 'prohibited') };
  };
  const makeUser = async (email: string, name: string, orgId: string, roles: string[]) => {
    const res = await admin.post('/api/v1/users', { email, name, orgId, roles, password: PASSWORD });
    expect(res.status).toBe(201);
    return h().login(email, PASSWORD);
  };

  it('setup: a list is activated and the parties are screened', async () => {
    admin = await h().login('admin@aiep.example');
    co = await h().login('compliance@meridian.example');
    po = await h().login('program.officer@ita.example');
    analyst = await h().login('screening.analyst@ita.example');
    auditor = await h().login('auditor@oig.example');
    analyst2 = await makeUser('analyst2@ita.example', 'Second Analyst', 'org-ita', ['screening_analyst']);
    otherCo = await makeUser('compliance@jadeharbour.example', 'Mei Chan', 'org-jade', ['compliance_officer']);
    const imported = await h().app.inject({
      method: 'POST',
      url: '/api/v1/lists/import?fileName=csl_test_v1.csv&activate=true',
      payload: FIXTURE,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'text/csv' },
    });
    expect(imported.statusCode).toBe(201);
    await runJobsOnce(h().deps);
    const all = (await analyst.get('/api/v1/screening/alerts')).body.items;
    riyadh = all.find((a: any) => a.party.name === 'Riyadh Sovereign Cloud Company');
    jade = all.find((a: any) => a.party.key === 'parent:org-jade');
    expect(riyadh).toMatchObject({ list: 'SDN', effect: 'prohibited', status: 'open', contested: false, contests: [], clearance: null });
    expect(jade).toMatchObject({ list: 'EL', effect: 'license_required', status: 'open' });
    expect((await gulfMatrixParty()).prohibited).toBe(true);
  });

  it('a screening analyst is an agency role: never held by a company user', async () => {
    const res = await admin.post('/api/v1/users', { email: 'analyst@meridian.example', name: 'X', orgId: 'org-meridian', roles: ['screening_analyst'], password: PASSWORD });
    expectProblem(res, 400, 'VALIDATION_FAILED');
  });

  it('allowedActions per viewer on an open prohibited hit', async () => {
    expect((await view(co, riyadh.id)).allowedActions).toEqual(['confirm', 'contest']);
    expect((await view(analyst, riyadh.id)).allowedActions).toEqual(['confirm', 'clear']);
    expect((await view(po, riyadh.id)).allowedActions).toEqual(['confirm', 'clear']);
    expect((await view(admin, riyadh.id)).allowedActions).toEqual(['confirm']);
    expect((await view(auditor, riyadh.id)).allowedActions).toEqual([]);
    // The list carries them too.
    const listed = (await co.get('/api/v1/screening/alerts')).body.items.find((a: any) => a.id === riyadh.id);
    expect(listed.allowedActions).toEqual(['confirm', 'contest']);
  });

  it('the company\u2019s compliance officer cannot clear a hit on its own party (403, nothing written); nor can an admin or auditor', async () => {
    const reason = 'Different company: another registration number and another address.';
    for (const who of [co, admin, auditor]) {
      expectProblem(await who.post(`/api/v1/screening/alerts/${riyadh.id}/disposition`, { status: 'false_positive', reason }), 403, 'FORBIDDEN');
    }
    expectProblem(await co.post(`/api/v1/screening/alerts/${riyadh.id}/clearance`, { reason }), 403, 'FORBIDDEN');
    expect(await alertRow(riyadh.id)).toMatchObject({ status: 'open', disposed_by: null, clearance_status: null });
    expect(await auditCount('screening.alert.dispose', riyadh.id)).toBe(0);
    expect((await gulfMatrixParty()).prohibited).toBe(true);
  });

  it('the company\u2019s compliance officer may raise the effect: confirm its own party\u2019s hit', async () => {
    const res = await co.post(`/api/v1/screening/alerts/${riyadh.id}/disposition`, { status: 'confirmed' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'confirmed', allowedActions: ['contest'] });
    expectProblem(await co.post(`/api/v1/screening/alerts/${riyadh.id}/disposition`, { status: 'confirmed' }), 409, 'ALREADY_CONFIRMED');
  });

  it('contest: bad input and strangers are refused and write nothing', async () => {
    const short = await co.post(`/api/v1/screening/alerts/${riyadh.id}/contest`, { reason: 'not us' });
    expectProblem(short, 400, 'VALIDATION_FAILED');
    expect(short.body.errors.map((e: any) => e.path)).toContain('reason');
    expectProblem(await co.post(`/api/v1/screening/alerts/${riyadh.id}/contest`, { evidence: 'CR 1010' }), 400, 'VALIDATION_FAILED');
    expectProblem(await co.post(`/api/v1/screening/alerts/${riyadh.id}/contest`, { reason: 'A long enough reason to pass the check.', extra: 1 }), 400, 'VALIDATION_FAILED');
    // A compliance officer of another company does not see the alert: 404, as if it did not exist.
    expectProblem(await otherCo.post(`/api/v1/screening/alerts/${riyadh.id}/contest`, { reason: 'A long enough reason to pass the check.' }), 404, 'NOT_FOUND');
    // The program office decides contests; it does not file them.
    expectProblem(await analyst.post(`/api/v1/screening/alerts/${riyadh.id}/contest`, { reason: 'A long enough reason to pass the check.' }), 403, 'FORBIDDEN');
    const anchor = await h().login('anchor@meridian.example');
    expectProblem(await anchor.post(`/api/v1/screening/alerts/${riyadh.id}/contest`, { reason: 'A long enough reason to pass the check.' }), 403, 'FORBIDDEN');
    expect(await contestRows(riyadh.id)).toEqual([]);
    expect(await auditCount('screening.alert.contest', riyadh.id)).toBe(0);
  });

  it('contest: recorded with reason and evidence, keeps the blocker, enters the analysts\u2019 queue, tells the program office, audited', async () => {
    const reason = 'Our own party is Riyadh Sovereign Cloud Co., CR 1010123456, not the designated entity.';
    const res = await co.post(`/api/v1/screening/alerts/${riyadh.id}/contest`, { reason, evidence: 'Commercial registration 1010123456; articles of association ref. AoA-2024-17' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'confirmed', effect: 'prohibited', contested: true, allowedActions: [] });
    expect(res.body.contests).toEqual([
      expect.objectContaining({ reason, evidence: expect.stringContaining('1010123456'), byName: 'Jordan Reyes', open: true, resolution: null, at: expect.any(String) }),
    ]);
    // The hit still counts: the matrix keeps its prohibited blocker.
    expect((await gulfMatrixParty()).prohibited).toBe(true);
    // The analysts' queue.
    const queue = (await analyst.get('/api/v1/screening/alerts?contested=true')).body.items;
    expect(queue.map((a: any) => a.id)).toEqual([riyadh.id]);
    expect((await analyst.get('/api/v1/screening/alerts?contested=false')).body.items.map((a: any) => a.id)).not.toContain(riyadh.id);
    expect((await co.get('/api/v1/screening/alerts?contested=true')).body.items.map((a: any) => a.id)).toEqual([riyadh.id]);
    expect((await analyst.get('/api/v1/screening/alerts?contested=maybe')).status).toBe(400);
    for (const who of [po, analyst, analyst2]) {
      const notes = (await who.get('/api/v1/notifications')).body.items.filter((n: any) => n.kind === 'screening_contest');
      expect(notes).toEqual([expect.objectContaining({ link: `/screening?tab=alerts&alert=${riyadh.id}` })]);
    }
    expect(await auditCount('screening.alert.contest', riyadh.id)).toBe(1);
    // One contest at a time.
    expectProblem(await co.post(`/api/v1/screening/alerts/${riyadh.id}/contest`, { reason: 'Yet another reason that is long enough.' }), 409, 'ALREADY_CONTESTED');
    expect(await contestRows(riyadh.id)).toHaveLength(1);
  });

  it('an analyst answers the contest (a decision needs a reason); a new contest then needs a new reason', async () => {
    expect((await view(analyst, riyadh.id)).allowedActions).toEqual(['confirm', 'propose_clearance']);
    expectProblem(await analyst.post(`/api/v1/screening/alerts/${riyadh.id}/disposition`, { status: 'confirmed' }), 400, 'REASON_REQUIRED');
    const kept = await analyst.post(`/api/v1/screening/alerts/${riyadh.id}/disposition`, { status: 'confirmed', reason: 'The registration is the designated entity\u2019s.' });
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ status: 'confirmed', contested: false });
    expect(kept.body.contests[0]).toMatchObject({ open: false, resolution: 'confirmed' });
    const first = kept.body.contests[0].reason;
    expectProblem(await co.post(`/api/v1/screening/alerts/${riyadh.id}/contest`, { reason: `  ${first.toUpperCase()} ` }), 409, 'CONTEST_REASON_NOT_NEW');
    expect(await contestRows(riyadh.id)).toHaveLength(1);
    const again = await co.post(`/api/v1/screening/alerts/${riyadh.id}/contest`, { reason: 'New evidence: OFAC delisting notice of 2026-10-01 names another entity.' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ contested: true });
    expect(again.body.contests).toHaveLength(2);
  });

  it('a confirmed prohibited match: one analyst cannot clear it alone', async () => {
    expectProblem(await analyst.post(`/api/v1/screening/alerts/${riyadh.id}/disposition`, { status: 'false_positive', reason: 'Not the entity.' }), 409, 'FOUR_EYES_REQUIRED');
    expectProblem(await analyst.post(`/api/v1/screening/alerts/${riyadh.id}/clearance`, { reason: '   ' }), 400, 'VALIDATION_FAILED');
    expectProblem(await analyst.post(`/api/v1/screening/alerts/${riyadh.id}/clearance/approve`, {}), 409, 'NO_CLEARANCE_PENDING');
    expect(await alertRow(riyadh.id)).toMatchObject({ status: 'confirmed', clearance_status: null });

    const proposed = await analyst.post(`/api/v1/screening/alerts/${riyadh.id}/clearance`, { reason: 'The contest\u2019s registration differs from the SDN entry.' });
    expect(proposed.status).toBe(200);
    expect(proposed.body).toMatchObject({ status: 'confirmed', clearance: { status: 'pending', proposedByName: 'Morgan Ortiz' }, allowedActions: ['reject_clearance'] });
    expect((await gulfMatrixParty()).prohibited).toBe(true);
    expectProblem(await po.post(`/api/v1/screening/alerts/${riyadh.id}/clearance`, { reason: 'Again.' }), 409, 'CLEARANCE_ALREADY_PROPOSED');
    // The other staff is told and offered the decision; the consortium does not follow the internal step.
    const notes = (await analyst2.get('/api/v1/notifications')).body.items.filter((n: any) => n.kind === 'screening_clearance');
    expect(notes.map((n: any) => n.text)).toEqual([expect.stringContaining('Morgan Ortiz')]);
    expect((await analyst.get('/api/v1/notifications')).body.items.filter((n: any) => n.kind === 'screening_clearance')).toEqual([]);
    expect((await view(analyst2, riyadh.id)).allowedActions).toEqual(['approve_clearance', 'reject_clearance']);
    expect(await view(co, riyadh.id)).toMatchObject({ clearance: null, allowedActions: [] });

    // The same person approving: refused, the alert unchanged.
    expectProblem(await analyst.post(`/api/v1/screening/alerts/${riyadh.id}/clearance/approve`, {}), 403, 'SECOND_PERSON_REQUIRED');
    expectProblem(await co.post(`/api/v1/screening/alerts/${riyadh.id}/clearance/approve`, {}), 403, 'FORBIDDEN');
    expectProblem(await admin.post(`/api/v1/screening/alerts/${riyadh.id}/clearance/approve`, {}), 403, 'FORBIDDEN');
    expect(await alertRow(riyadh.id)).toMatchObject({ status: 'confirmed', clearance_status: 'pending' });
    expect(await auditCount('screening.alert.clearance.approve', riyadh.id)).toBe(0);
    expect((await gulfMatrixParty()).prohibited).toBe(true);

    // A second person rejects: the hit stays confirmed, the contest is answered.
    expectProblem(await po.post(`/api/v1/screening/alerts/${riyadh.id}/clearance/reject`, {}), 400, 'VALIDATION_FAILED');
    const rejected = await po.post(`/api/v1/screening/alerts/${riyadh.id}/clearance/reject`, { reason: 'The delisting notice names a different entity number.' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'confirmed', contested: false, clearance: { status: 'rejected' }, allowedActions: ['propose_clearance'] });
    expect(await auditCount('screening.alert.clearance.reject', riyadh.id)).toBe(1);
    expect((await gulfMatrixParty()).prohibited).toBe(true);
  });

  it('two concurrent approvals by two different second persons: exactly one passes, the other is 409', async () => {
    expect((await analyst.post(`/api/v1/screening/alerts/${riyadh.id}/clearance`, { reason: 'Second look: the SDN entry is a state entity, ours a private one.' })).status).toBe(200);
    const results = await Promise.all([analyst2.post(`/api/v1/screening/alerts/${riyadh.id}/clearance/approve`, { note: 'Agreed.' }), po.post(`/api/v1/screening/alerts/${riyadh.id}/clearance/approve`, {})]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expectProblem(results.find((r) => r.status === 409)!, 409, 'NO_CLEARANCE_PENDING');
    const ok = results.find((r) => r.status === 200)!;
    expect(ok.body).toMatchObject({ status: 'false_positive', clearance: { status: 'approved', proposedByName: 'Morgan Ortiz' } });
    expect(ok.body.disposition.reason).toContain('Second look');
    expect(await auditCount('screening.alert.clearance.approve', riyadh.id)).toBe(1);
    // Only now does the hit stop counting.
    expect(await gulfMatrixParty()).toMatchObject({ prohibited: false, party: { listHits: [] } });
    expect((await view(co, riyadh.id)).allowedActions).toEqual(['confirm']);
  });

  it('a non-prohibited hit is cleared by one analyst; its company\u2019s compliance officer may not', async () => {
    expectProblem(await otherCo.post(`/api/v1/screening/alerts/${jade.id}/disposition`, { status: 'false_positive', reason: 'Not our parent.' }), 403, 'FORBIDDEN');
    expect((await view(otherCo, jade.id)).allowedActions).toEqual(['confirm', 'contest']);
    expectProblem(await analyst.post(`/api/v1/screening/alerts/${jade.id}/disposition`, { status: 'false_positive' }), 400, 'REASON_REQUIRED');
    expectProblem(await analyst.post(`/api/v1/screening/alerts/${jade.id}/clearance`, { reason: 'Not needed.' }), 409, 'CLEARANCE_NOT_NEEDED');
    const res = await analyst.post(`/api/v1/screening/alerts/${jade.id}/disposition`, { status: 'false_positive', reason: 'Different holding company, other registration.' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'false_positive', clearance: null, allowedActions: ['confirm'] });
    expect(await auditCount('screening.alert.dispose', jade.id)).toBe(1);
    expectProblem(await analyst.post(`/api/v1/screening/alerts/${jade.id}/disposition`, { status: 'false_positive', reason: 'Again.' }), 409, 'ALREADY_CLEARED');
    expectProblem(await otherCo.post(`/api/v1/screening/alerts/${jade.id}/contest`, { reason: 'Nothing left to contest after the clearance.' }), 409, 'NOTHING_TO_CONTEST');
  });

  it('a draft\u2019s parties: their alerts reach only the consortium\u2019s compliance officers until the proposal is first submitted', async () => {
    const consortium = await createConsortium(h());
    const pkg = factoryPackage();
    pkg.operatingModel[0]!.own = [{ name: 'Riyadh Sovereign Cloud Company', country: 'SA', orgId: null }];
    const created = await consortium.anchor.post('/api/v1/proposals', { consortiumId: consortium.id, title: 'Draft with a listed owner', summary: 'Screened before submission.', package: pkg });
    expect(created.status).toBe(201);
    const draftId = created.body.id;
    const northstarCo = await makeUser('compliance@northstar.example', 'North Star Compliance', 'org-northstar', ['compliance_officer']);
    await syncAndScreen(h().deps);

    const mine = (await northstarCo.get('/api/v1/screening/alerts')).body.items.filter((a: any) => a.party.proposalId === draftId);
    expect(mine).toHaveLength(1);
    const draftAlert = mine[0];
    expect(draftAlert).toMatchObject({ list: 'SDN', effect: 'prohibited', allowedActions: ['confirm', 'contest'] });
    for (const who of [po, analyst, auditor, admin]) {
      const items = (await who.get('/api/v1/screening/alerts?limit=500')).body.items;
      expect(items.some((a: any) => a.id === draftAlert.id || a.party.key.includes(draftId))).toBe(false);
      expectProblem(await who.get(`/api/v1/screening/alerts/${draftAlert.id}`), 404, 'NOT_FOUND');
      expectProblem(await who.post(`/api/v1/screening/alerts/${draftAlert.id}/disposition`, { status: 'confirmed' }), 404, 'NOT_FOUND');
    }
    const link = `/screening?tab=alerts&alert=${draftAlert.id}`;
    const linked = async (c: Client) => (await c.get('/api/v1/notifications')).body.items.filter((n: any) => n.link === link);
    expect(await linked(northstarCo)).toHaveLength(1);
    expect(await linked(po)).toEqual([]);
    expect(await linked(analyst)).toEqual([]);

    // A contest of the draft's alert is kept, but tells the program office nothing yet.
    const contested = await northstarCo.post(`/api/v1/screening/alerts/${draftAlert.id}/contest`, { reason: 'Our owner is a cooperative, not the designated entity.' });
    expect(contested.status).toBe(200);
    expect(await linked(po)).toEqual([]);
    expect(await linked(analyst)).toEqual([]);

    // Submitted: the program office sees the alert, contested, in its queue.
    for (const c of [consortium.anchor, consortium.member]) expect((await c.post(`/api/v1/proposals/${draftId}/certifications`, { kinds: CERTIFICATIONS })).status).toBe(200);
    expect((await consortium.anchor.post(`/api/v1/proposals/${draftId}/submit`, {})).status).toBe(200);
    expect(await view(analyst, draftAlert.id)).toMatchObject({ contested: true, allowedActions: ['confirm', 'clear'] });
    expect((await analyst.get('/api/v1/screening/alerts?contested=true')).body.items.map((a: any) => a.id)).toContain(draftAlert.id);
  });
});
