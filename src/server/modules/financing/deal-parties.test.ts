// Every party the program touches is screened: a deal's end users and consignees (recorded with
// their identifying evidence by whoever updates the deal), its buyer, and the buyers who register
// interest in the catalog. A listed end user raises an alert at once and holds the deal's final
// commitment until the program office's screening staff dispose of it; a change of evidence
// re-screens the party; a catalog registrant on a list reaches the program office's desk only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runJobsOnce } from '../../jobs/worker.ts';
import { expectProblem } from '../../test/expect-problem.ts';
import { must, session } from '../../test/factories.ts';
import { describeEachDb, inject, type Client } from '../../test/harness.ts';
import { syncAndScreen } from '../screening/screening.parties.ts';

const LIST = readFileSync(join(import.meta.dirname, '../screening/__fixtures__/csl_test_v1.csv'), 'utf8');
const PASSWORD = 'Deal-Parties-Test-2026!';

describeEachDb('deal parties: recorded with evidence, screened, holding the final commitment', (h) => {
  let admin: Client;
  let anchor: Client; // the ASEAN package's anchor member: updates its deals
  let member: Client; // a member of the ASEAN consortium, not its anchor: reads its deals
  let edag: Client;
  let exim: Client;
  let po: Client;
  let analyst: Client;
  let aseanCo: Client; // a compliance officer of the ASEAN consortium's anchor company
  let otherCo: Client; // a compliance officer of another consortium (the Gulf one)
  let otherAnchor: Client; // the anchor of another consortium
  let reviewer: Client;
  let proposalId: string;
  let dealId: string;
  let request: { id: string; version: number; state: string };

  const db = () => h().deps.db.db;
  const partyRows = () => db().selectFrom('deal_parties').selectAll().where('deal_id', '=', dealId).execute();
  const auditCount = async () => (await db().selectFrom('audit_events').select('id').where('entity_id', '=', dealId).execute()).length;
  const mirrored = (key: string) => db().selectFrom('screened_parties').selectAll().where('party_key', '=', key).executeTakeFirst();
  const makeUser = async (email: string, name: string, orgId: string, roles: string[]) => {
    must(await admin.post('/api/v1/users', { email, name, orgId, roles, password: PASSWORD }), 201, `user ${email}`);
    return h().login(email, PASSWORD);
  };
  const endUser = (overrides: Record<string, unknown> = {}) => ({
    role: 'end_user',
    name: 'Klang Valley Data Centre Sdn Bhd',
    type: 'organization',
    country: 'MY',
    evidence: { incorporationDate: '2019-04', jurisdiction: 'MY', identifiers: [{ type: 'company_registration', number: '201901012345', country: 'MY' }], addresses: [{ text: 'Jalan Ampang 88, Kuala Lumpur', country: 'MY' }] },
    ...overrides,
  });

  it('setup: the test list is active and every party screened; a deal’s request reaches approval, its licenses approved', async () => {
    admin = await session(h(), 'admin@aiep.example');
    anchor = await session(h(), 'anchor@cascade.example');
    member = await session(h(), 'member@kestrel.example');
    edag = await session(h(), 'edag@state.example');
    exim = await session(h(), 'finance@exim.example');
    po = await session(h(), 'program.officer@ita.example');
    analyst = await session(h(), 'screening.analyst@ita.example');
    otherCo = await session(h(), 'compliance@meridian.example');
    otherAnchor = await session(h(), 'anchor@northstar.example');
    reviewer = await session(h(), 'reviewer@state.example');
    aseanCo = await makeUser('compliance@cascade.example', 'Casey Compliance', 'org-cascade', ['compliance_officer']);
    const imported = await h().app.inject({
      method: 'POST',
      url: '/api/v1/lists/import?fileName=csl_test_v1.csv&activate=true',
      payload: LIST,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'text/csv' },
    });
    expect(imported.statusCode).toBe(201);
    await runJobsOnce(h().deps);

    proposalId = (must(await edag.get('/api/v1/portfolio/packages'), 200, 'packages').body.items as { proposalId: string }[])[0]!.proposalId;
    const deal = must(await edag.post(`/api/v1/proposals/${proposalId}/deals`, { country: 'MY', buyerName: 'Malaysian Digital Ministry', buyerType: 'government', valueUsd: 20_000_000, sector: 'government_services' }), 201, 'deal').body;
    dealId = deal.id;
    request = must(await edag.post(`/api/v1/deals/${deal.id}/financing-requests`, { agency: 'EXIM', instrument: 'direct_loan', requestedUsd: 10_000_000 }), 201, 'refer').body;
    for (const [action, amountUsd] of [['submit_to_agency'], ['indicative_offer', 10_000_000], ['due_diligence'], ['approve']] as const) {
      request = must(await exim.post(`/api/v1/financing-requests/${request.id}/actions/${action}`, { version: request.version, ...(amountUsd ? { amountUsd } : {}) }), 200, action).body;
    }
    must(await anchor.post(`/api/v1/proposals/${proposalId}/licenses`, { componentId: 'asean-srv', market: 'MY', status: 'approved', bisApplicationNumber: 'Z7654321' }), 201, 'license');
    expect(must(await exim.get(`/api/v1/deals/${dealId}`), 200, 'deal').body.screeningGate).toEqual({ clear: true, message: null });
    // The deal has its buyer and no other party yet; the buyer is a party too.
    const parties = must(await member.get(`/api/v1/deals/${dealId}/parties`), 200, 'parties').body;
    expect(parties).toMatchObject({ buyer: { name: 'Malaysian Digital Ministry', country: 'MY', screening: { blocking: false } }, items: [], mayEdit: false });
    expect(must(await anchor.get(`/api/v1/deals/${dealId}/parties`), 200, 'parties').body.mayEdit).toBe(true);
  });

  it('the anchor member records an end user with its evidence; it is screened at once and stored with the evidence', async () => {
    const res = await anchor.post(`/api/v1/deals/${dealId}/parties`, endUser());
    expect(res.status).toBe(201);
    expect(res.body.parties.items).toHaveLength(1);
    const party = res.body.parties.items[0];
    expect(party).toMatchObject({
      role: 'end_user',
      name: 'Klang Valley Data Centre Sdn Bhd',
      type: 'organization',
      country: 'MY',
      version: 1,
      evidence: { incorporationDate: '2019-04', jurisdiction: 'MY', identifiers: [{ type: 'company_registration', number: '201901012345', country: 'MY' }] },
      screening: { screened: true, blocking: false, openAlerts: 0 },
    });
    const row = await mirrored(`deal:${dealId}:party:${party.id}`);
    expect(row).toMatchObject({ source: 'deal_end_user', deal_id: dealId, proposal_id: proposalId, type: 'organization' });
    expect(JSON.parse(row!.evidence_json!)).toMatchObject({ jurisdiction: 'MY', identifiers: [{ number: '201901012345' }] });
    // Whoever sees the deal sees its parties: the agency's financing officer, the EDAG coordinator, the consortium.
    for (const c of [exim, edag, member, po]) expect(must(await c.get(`/api/v1/deals/${dealId}/parties`), 200, 'read').body.items).toHaveLength(1);
    // The deal itself carries them, with whether the viewer edits them.
    expect(must(await member.get(`/api/v1/deals/${dealId}`), 200, 'deal').body.parties).toMatchObject({ items: [{ id: party.id }], mayEdit: false });
    expect(must(await edag.get(`/api/v1/deals/${dealId}`), 200, 'deal').body.parties.mayEdit).toBe(true);
  });

  it('access: another consortium and a reviewer get 404; a member that is not the anchor and the agency’s officer get 403; nothing is written', async () => {
    const rows = await partyRows();
    const audits = await auditCount();
    for (const c of [otherAnchor, otherCo, reviewer]) {
      expectProblem(await c.get(`/api/v1/deals/${dealId}/parties`), 404, 'NOT_FOUND');
      expectProblem(await c.post(`/api/v1/deals/${dealId}/parties`, endUser({ name: 'Intruder' })), 404, 'NOT_FOUND');
      expectProblem(await c.put(`/api/v1/deals/${dealId}/parties/${rows[0]!.id}`, { ...endUser({ name: 'Intruder' }), version: 1 }), 404, 'NOT_FOUND');
      expectProblem(await c.delete(`/api/v1/deals/${dealId}/parties/${rows[0]!.id}?version=1`), 404, 'NOT_FOUND');
    }
    for (const c of [member, exim]) {
      expectProblem(await c.post(`/api/v1/deals/${dealId}/parties`, endUser({ name: 'Not mine to add' })), 403, 'FORBIDDEN');
      expectProblem(await c.put(`/api/v1/deals/${dealId}/parties/${rows[0]!.id}`, { ...endUser({ name: 'Not mine' }), version: 1 }), 403, 'FORBIDDEN');
      expectProblem(await c.delete(`/api/v1/deals/${dealId}/parties/${rows[0]!.id}?version=1`), 403, 'FORBIDDEN');
    }
    expect(await partyRows()).toEqual(rows);
    expect(await auditCount()).toBe(audits);
  });

  it('bad input: a clear 400 naming the field, and nothing is written', async () => {
    const rows = await partyRows();
    const audits = await auditCount();
    const bad: [Record<string, unknown>, string, string?][] = [
      [endUser({ role: 'spy' }), 'role'],
      [endUser({ name: '   ' }), 'name', 'INVALID_CHARACTERS'],
      [endUser({ type: 'vessel' }), 'type'],
      [endUser({ country: 'XX' }), 'country'],
      [endUser({ evidence: { birthDate: '1961-13-04' } }), 'evidence.birthDate'],
      [endUser({ evidence: { nationalities: ['Russia'] } }), 'evidence.nationalities.0'],
      [endUser({ evidence: { identifiers: [{ type: 'passport', number: '' }] } }), 'evidence.identifiers.0.number'],
      [endUser({ evidence: { shoeSize: 44 } }), 'evidence'],
      [endUser({ extra: true }), ''],
    ];
    for (const [body, path, code] of bad) {
      const res = await anchor.post(`/api/v1/deals/${dealId}/parties`, body);
      expectProblem(res, 400, code ?? 'VALIDATION_FAILED');
      if (path) expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    // A correction on a stale version is refused.
    const stale = await anchor.put(`/api/v1/deals/${dealId}/parties/${rows[0]!.id}`, { ...endUser({ name: 'Stale' }), version: 7 });
    expectProblem(stale, 409, 'VERSION_CONFLICT');
    // An unknown party of this deal is 404.
    expectProblem(await anchor.put(`/api/v1/deals/${dealId}/parties/no-such-party`, { ...endUser(), version: 1 }), 404, 'NOT_FOUND');
    expect(await partyRows()).toEqual(rows);
    expect(await auditCount()).toBe(audits);
  });

  let petrovAlertId: string;
  let petrovPartyId: string;

  it('a listed person as a second end user raises an alert at once, for the consortium and the program office — not another consortium', async () => {
    const res = await anchor.post(`/api/v1/deals/${dealId}/parties`, endUser({ name: 'Ivan Petrovich Sidorov', type: 'person', country: 'RU', evidence: { birthDate: '1961-03-04', nationalities: ['RU'] } }));
    expect(res.status).toBe(201);
    const petrov = res.body.parties.items.find((p: { name: string }) => p.name === 'Ivan Petrovich Sidorov');
    petrovPartyId = petrov.id;
    expect(petrov.screening).toMatchObject({ screened: true, blocking: true, openAlerts: 1 });
    const alerts = must(await analyst.get('/api/v1/screening/alerts'), 200, 'alerts').body.items as any[];
    const alert = alerts.find((a) => a.party.key === `deal:${dealId}:party:${petrov.id}`);
    expect(alert).toMatchObject({ list: 'DPL', effect: 'prohibited', status: 'open', party: { source: 'deal_end_user', proposalId } });
    petrovAlertId = alert.id;
    // The consortium's compliance officer sees it as it sees its package's alerts; another consortium's does not.
    expect(must(await aseanCo.get(`/api/v1/screening/alerts/${petrovAlertId}`), 200, 'consortium sees').body.party.name).toBe('Ivan Petrovich Sidorov');
    expectProblem(await otherCo.get(`/api/v1/screening/alerts/${petrovAlertId}`), 404, 'NOT_FOUND');
    expect((await otherCo.get('/api/v1/screening/alerts')).body.items.some((a: any) => a.id === petrovAlertId)).toBe(false);
    // Notified: the consortium's compliance officer and the program office.
    expect((await aseanCo.get('/api/v1/notifications')).body.items.some((n: any) => n.kind === 'screening_alert' && n.text.includes('Ivan Petrovich Sidorov'))).toBe(true);
    expect((await po.get('/api/v1/notifications')).body.items.some((n: any) => n.kind === 'screening_alert' && n.text.includes('Ivan Petrovich Sidorov'))).toBe(true);
  });

  it('the unresolved prohibited match shows on the deal and refuses the final commitment (409); nothing is written', async () => {
    const gate = must(await exim.get(`/api/v1/deals/${dealId}`), 200, 'deal').body.screeningGate;
    expect(gate.clear).toBe(false);
    expect(gate.message).toContain('Ivan Petrovich Sidorov (end user)');
    const before = must(await edag.get(`/api/v1/financing-requests/${request.id}`), 200, 'request').body;
    const refused = await exim.post(`/api/v1/financing-requests/${request.id}/actions/final_commitment`, { version: request.version, amountUsd: 10_000_000 });
    expectProblem(refused, 409, 'SCREENING_MATCH_UNRESOLVED');
    expect(refused.body.detail).toMatch(/^Final commitment refused: /);
    expect(refused.body).toMatchObject({ parties: [{ name: 'Ivan Petrovich Sidorov', kind: 'end user' }] });
    expect(must(await edag.get(`/api/v1/financing-requests/${request.id}`), 200, 'request').body).toEqual(before);
    expect(before).toMatchObject({ state: 'approval', committedUsd: null });
  });

  it('a changed identifier re-screens the party: a new evidence hash, screened again', async () => {
    const key = `deal:${dealId}:party:${(await partyRows()).find((r) => r.role === 'end_user' && r.name.startsWith('Klang'))!.id}`;
    const before = (await mirrored(key))!;
    h().deps.clock.advance(60_000);
    const changedAt = h().deps.clock.nowIso();
    const klang = (await partyRows()).find((r) => r.name.startsWith('Klang'))!;
    const res = await anchor.put(`/api/v1/deals/${dealId}/parties/${klang.id}`, {
      ...endUser({ evidence: { jurisdiction: 'MY', identifiers: [{ type: 'company_registration', number: '201901099999', country: 'MY' }] } }),
      version: klang.version,
    });
    expect(res.status).toBe(200);
    const after = (await mirrored(key))!;
    expect(after.data_hash).not.toBe(before.data_hash);
    expect(after.screened_at).not.toBe(before.screened_at);
    expect(after.screened_at! >= changedAt).toBe(true);
    expect(JSON.parse(after.evidence_json!).identifiers).toEqual([{ type: 'company_registration', number: '201901099999', country: 'MY' }]);
    expect(res.body.parties.items.find((p: any) => p.id === klang.id)).toMatchObject({ version: klang.version + 1, screening: { screened: true } });
    // Reordering the same facts is no change: the hash stays.
    const again = (await partyRows()).find((r) => r.id === klang.id)!;
    must(await anchor.put(`/api/v1/deals/${dealId}/parties/${klang.id}`, { ...endUser({ evidence: { identifiers: [{ type: 'company_registration', number: '201901099999', country: 'MY' }], jurisdiction: 'MY' } }), version: again.version }), 200, 'same facts');
    expect((await mirrored(key))!.data_hash).toBe(after.data_hash);
  });

  it('once the program office clears the hit as a false positive, the commitment goes through', async () => {
    must(await analyst.post(`/api/v1/screening/alerts/${petrovAlertId}/disposition`, { status: 'false_positive', reason: 'Different person: born 1984, Malaysian passport, verified with the buyer.' }), 200, 'clear');
    expect(must(await exim.get(`/api/v1/deals/${dealId}`), 200, 'deal').body.screeningGate).toEqual({ clear: true, message: null });
    const committed = must(await exim.post(`/api/v1/financing-requests/${request.id}/actions/final_commitment`, { version: request.version, amountUsd: 10_000_000 }), 200, 'commit').body;
    expect(committed).toMatchObject({ state: 'final_commitment', committedUsd: 10_000_000 });
  });

  it('the anchor removes a party on the version read; the removal is audited', async () => {
    const petrov = (await partyRows()).find((r) => r.id === petrovPartyId)!;
    expectProblem(await anchor.delete(`/api/v1/deals/${dealId}/parties/${petrov.id}?version=${petrov.version + 1}`), 409, 'VERSION_CONFLICT');
    const res = await anchor.delete(`/api/v1/deals/${dealId}/parties/${petrov.id}?version=${petrov.version}`);
    expect(res.status).toBe(200);
    expect(res.body.parties.items.map((p: any) => p.id)).not.toContain(petrov.id);
    expect(await mirrored(`deal:${dealId}:party:${petrov.id}`)).toBeUndefined();
    const actions = (await db().selectFrom('audit_events').select('action').where('entity_id', '=', dealId).execute()).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['deal.party_added', 'deal.party_updated', 'deal.party_removed']));
  });

  it('a buyer renamed to a listed name is screened by the commitment itself, which it then holds', async () => {
    let deal = must(await edag.post(`/api/v1/proposals/${proposalId}/deals`, { country: 'MY', buyerName: 'Penang Data Authority', buyerType: 'state_owned', valueUsd: 8_000_000, sector: 'government_services' }), 201, 'deal').body;
    let r = must(await edag.post(`/api/v1/deals/${deal.id}/financing-requests`, { agency: 'EXIM', instrument: 'direct_loan', requestedUsd: 4_000_000 }), 201, 'refer').body;
    for (const [action, amountUsd] of [['submit_to_agency'], ['indicative_offer', 4_000_000], ['due_diligence'], ['approve']] as const) {
      r = must(await exim.post(`/api/v1/financing-requests/${r.id}/actions/${action}`, { version: r.version, ...(amountUsd ? { amountUsd } : {}) }), 200, action).body;
    }
    // The deal's stage followed its financing: rename it on the version read now.
    const current = must(await anchor.get(`/api/v1/deals/${deal.id}`), 200, 'deal').body;
    deal = must(await anchor.patch(`/api/v1/deals/${deal.id}`, { buyerName: 'Riyadh Sovereign Cloud Company', version: current.version }), 200, 'rename the buyer').body;
    // Not screened yet (the periodic sync has not run): the deal does not pretend it is held, nor clear of it.
    expect(deal.parties.buyer).toMatchObject({ name: 'Riyadh Sovereign Cloud Company', screening: { screened: false, blocking: false } });
    const refused = await exim.post(`/api/v1/financing-requests/${r.id}/actions/final_commitment`, { version: r.version, amountUsd: 4_000_000 });
    expectProblem(refused, 409, 'SCREENING_MATCH_UNRESOLVED');
    expect(refused.body).toMatchObject({ parties: [{ name: 'Riyadh Sovereign Cloud Company', kind: 'buyer' }] });
    const alert = (must(await analyst.get('/api/v1/screening/alerts'), 200, 'alerts').body.items as any[]).find((a) => a.party.key === `deal:${deal.id}:buyer`);
    expect(alert).toMatchObject({ list: 'SDN', effect: 'prohibited', status: 'open', party: { source: 'deal_buyer' } });
    expect(must(await edag.get(`/api/v1/financing-requests/${r.id}`), 200, 'request').body).toMatchObject({ state: 'approval', committedUsd: null });
    expect(must(await exim.get(`/api/v1/deals/${deal.id}`), 200, 'deal').body.screeningGate.message).toContain('Riyadh Sovereign Cloud Company (buyer)');
  });

  it('a company records its own and its owners’ evidence; the change re-screens them, and omitting it keeps it', async () => {
    const org = must(await anchor.get('/api/v1/organizations/org-cascade'), 200, 'org').body;
    const before = (await mirrored('org:org-cascade'))!;
    const owner0 = org.owners[0];
    const organization = {
      name: org.name,
      countryOfIncorporation: org.countryOfIncorporation,
      principalPlaceOfBusiness: org.principalPlaceOfBusiness,
      owners: org.owners.map((o: any, i: number) => ({ name: o.name, country: o.country, percent: o.percent, ...(i === 0 ? { evidence: { birthDate: '1970', nationalities: [o.country] } } : {}) })),
      ultimateParent: org.ultimateParent,
      smallBusiness: org.smallBusiness,
      evidence: { incorporationDate: '2011-06-01', jurisdiction: org.countryOfIncorporation, identifiers: [{ type: 'tax_id', number: '98-7654321', country: 'US' }] },
    };
    // Bad evidence is refused as a whole.
    expectProblem(await anchor.put('/api/v1/organizations/org-cascade', { version: org.version, organization: { ...organization, evidence: { identifiers: [{ type: 'tax_id' }] } } }), 400, 'VALIDATION_FAILED');
    const updated = must(await anchor.put('/api/v1/organizations/org-cascade', { version: org.version, organization }), 200, 'update').body;
    expect(updated.evidence).toEqual({ incorporationDate: '2011-06-01', jurisdiction: org.countryOfIncorporation, identifiers: [{ type: 'tax_id', number: '98-7654321', country: 'US' }] });
    await syncAndScreen(h().deps);
    const after = (await mirrored('org:org-cascade'))!;
    expect(after.data_hash).not.toBe(before.data_hash);
    expect(JSON.parse(after.evidence_json!)).toMatchObject({ identifiers: [{ number: '98-7654321' }] });
    expect(after.screened_at! >= after.updated_at).toBe(true);
    if (owner0) expect(JSON.parse((await mirrored('owner:org-cascade:0'))!.evidence_json!)).toEqual({ birthDate: '1970', nationalities: [owner0.country] });
    // An update without evidence (a client that does not know of it) keeps what is stored.
    const { evidence: _kept, ...withoutEvidence } = organization;
    const again = must(await anchor.put('/api/v1/organizations/org-cascade', { version: updated.version, organization: withoutEvidence }), 200, 'update without evidence').body;
    expect(again.evidence).toEqual(updated.evidence);
  });

  it('a buyer registering interest under a listed name raises an alert on the program office’s desk only', async () => {
    const anon = inject(h().app, '', '');
    const reg = await anon.post(`/api/v1/public/catalog/${proposalId}/interest`, {
      buyerName: 'Academy of Aerospace Solid Propulsion Technology',
      buyerKind: 'government',
      country: 'CN',
      contactEmail: 'procurement@aaspt.example',
      requirements: { scale: '2 MW' },
    });
    expect(reg.status).toBe(201);
    // The periodic sync mirrors the registrant and screens it.
    expect((await syncAndScreen(h().deps)).alerts).toBeGreaterThan(0);
    const alert = (must(await analyst.get('/api/v1/screening/alerts'), 200, 'alerts').body.items as any[]).find((a) => a.party.key === `bi:${reg.body.id}`);
    expect(alert).toMatchObject({ list: 'MEU', status: 'open', party: { source: 'buyer_interest', proposalId: null, orgId: null } });
    expect((await po.get('/api/v1/notifications')).body.items.some((n: any) => n.kind === 'screening_alert' && n.text.includes('Academy of Aerospace Solid Propulsion Technology'))).toBe(true);
    // The consortium does not learn of it: its registrants are the program office's to screen and introduce.
    expectProblem(await aseanCo.get(`/api/v1/screening/alerts/${alert.id}`), 404, 'NOT_FOUND');
    expect((await aseanCo.get('/api/v1/notifications')).body.items.some((n: any) => n.text.includes('Academy of Aerospace Solid Propulsion Technology') && n.kind === 'screening_alert')).toBe(false);
  });
});
