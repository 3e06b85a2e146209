// Export licenses through their life: lifecycle steps enforced and audited, shipments drawing the
// balance down (an over-draw writes nothing), the financing gate refusing an expired or exhausted
// license and passing a valid one, expiry reminders once per threshold, and the critical path.
import { beforeAll, expect, it } from 'vitest';
import { runScheduledWork } from '../../jobs/scheduled.ts';
import { expectProblem } from '../../test/expect-problem.ts';
import { must } from '../../test/factories.ts';
import { describeEachDb, type Client } from '../../test/harness.ts';

const ASEAN_TITLE = 'Digital Government AI for ASEAN Ministries';

describeEachDb('export licenses through their life', (h) => {
  let anchor: Client; // a keeper: the anchor member of the ASEAN consortium
  let kestrel: Client; // a member of the consortium without the right to keep licenses
  let harbor: Client; // a member of another consortium
  let edag: Client;
  let exim: Client;
  let proposalId: string;
  let dealId: string;
  let request: { id: string; version: number };
  let license: { id: string; version: number };

  const login = async () => {
    anchor = await h().login('anchor@cascade.example');
    kestrel = await h().login('member@kestrel.example');
    harbor = await h().login('anchor@harborhealth.example');
    edag = await h().login('edag@state.example');
    exim = await h().login('finance@exim.example');
  };
  const step = async (action: string, amountUsd?: number) => {
    const res = await exim.post(`/api/v1/financing-requests/${request.id}/actions/${action}`, { version: request.version, ...(amountUsd ? { amountUsd } : {}) });
    if (res.status === 200) request = res.body;
    return res;
  };
  const patch = async (body: object, who: Client = anchor) => {
    const res = await who.patch(`/api/v1/licenses/${license.id}`, { version: license.version, ...body });
    if (res.status === 200) license = res.body;
    return res;
  };
  const stored = async () => (await anchor.get(`/api/v1/proposals/${proposalId}/licenses`)).body.items.find((l: { id: string }) => l.id === license.id);
  const gate = async () => (await edag.get(`/api/v1/deals/${dealId}`)).body.licenseGate;
  const reminders = async (c: Client) => (await c.get('/api/v1/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'license_expiring');

  beforeAll(async () => {
    await login();
    proposalId = ((await anchor.get('/api/v1/proposals')).body.items as { id: string; title: string }[]).find((p) => p.title === ASEAN_TITLE)!.id;
    dealId = must(await edag.post(`/api/v1/proposals/${proposalId}/deals`, { country: 'MY', buyerName: 'Malaysian Digital Ministry', buyerType: 'government', valueUsd: 40_000_000, sector: 'government_services' }), 201, 'deal').body.id;
    request = must(await edag.post(`/api/v1/deals/${dealId}/financing-requests`, { agency: 'EXIM', instrument: 'direct_loan', requestedUsd: 20_000_000 }), 201, 'refer').body;
    must(await step('submit_to_agency'), 200, 'submit');
    must(await step('indicative_offer', 18_000_000), 200, 'offer');
    must(await step('due_diligence'), 200, 'due diligence');
    must(await step('approve'), 200, 'approve');
  });

  it('moves a license through the allowed steps only, each dated and audited, on the version read', async () => {
    const created = must(await anchor.post(`/api/v1/proposals/${proposalId}/licenses`, { componentId: 'asean-srv', market: 'MY' }), 201, 'create').body;
    expect(created).toMatchObject({ status: 'draft', nextStatuses: ['submitted', 'not_required'], shippedQuantity: 0, remainingValueUsd: null, daysPending: null });
    license = created;
    // The legacy name of draft is still accepted on input.
    const legacy = must(await anchor.post(`/api/v1/proposals/${proposalId}/licenses`, { componentId: 'asean-net', market: 'MY', status: 'needed' }), 201, 'legacy').body;
    expect(legacy.status).toBe('draft');
    must(await anchor.delete(`/api/v1/licenses/${legacy.id}?version=1`), 204, 'delete legacy');
    expectProblem(await anchor.post(`/api/v1/proposals/${proposalId}/licenses`, { componentId: 'asean-srv', market: 'MY', status: 'expired', bisApplicationNumber: 'Z1' }), 400, 'VALIDATION_FAILED');

    const skip = await patch({ status: 'approved' });
    expectProblem(skip, 409, 'INVALID_TRANSITION');
    expect(skip.body.detail).toBe('A draft license cannot become approved; from draft it can become submitted, not_required');
    expect(await stored()).toMatchObject({ status: 'draft', version: 1 });
    expectProblem(await patch({ status: 'submitted', bisApplicationNumber: 'Z5550001', on: '2026-12-01' }), 400, 'VALIDATION_FAILED');

    must(await patch({ status: 'submitted', bisApplicationNumber: 'Z5550001', on: '2026-09-01' }), 200, 'submit');
    expect(license).toMatchObject({ status: 'submitted', submittedOn: '2026-09-01', daysPending: 76, version: 2 });
    expectProblem(await patch({ status: 'returned' }), 400, 'VALIDATION_FAILED');
    must(await patch({ status: 'returned', returnedReason: 'End-user statement missing', on: '2026-09-20' }), 200, 'return');
    expect(license).toMatchObject({ status: 'returned', returnedReason: 'End-user statement missing', decidedOn: '2026-09-20', daysPending: null });
    must(await patch({ status: 'submitted', on: '2026-10-01' }), 200, 'resubmit');
    expect(license).toMatchObject({ status: 'submitted', submittedOn: '2026-10-01', daysPending: 46, returnedReason: null });
    expectProblem(await patch({ status: 'shipped_against' }), 409, 'INVALID_TRANSITION');
    expectProblem(await anchor.patch(`/api/v1/licenses/${license.id}`, { version: 1, status: 'denied' }), 409, 'VERSION_CONFLICT');

    const events = (await anchor.get(`/api/v1/proposals/${proposalId}/history`)).body.events as { action: string; data?: Record<string, unknown> }[];
    expect(events.filter((e) => e.action === 'license.updated').length).toBeGreaterThanOrEqual(3);
  });

  it('refuses writers without the right (403) and members of other consortia (404)', async () => {
    expectProblem(await patch({ conditions: ['x'] }, kestrel), 403, 'FORBIDDEN');
    expect((await patch({ conditions: ['x'] }, harbor)).status).toBe(404);
    expect((await harbor.get(`/api/v1/proposals/${proposalId}/licenses/critical-path`)).status).toBe(404);
    expect((await harbor.get(`/api/v1/deals/${dealId}/licenses`)).status).toBe(404);
    expect((await harbor.get(`/api/v1/licenses/${license.id}/shipments`)).status).toBe(404);
    expect((await harbor.post(`/api/v1/licenses/${license.id}/shipments`, { version: license.version, shippedOn: '2026-11-10', quantity: 1, valueUsd: 1, reference: 'AWB 1' })).status).toBe(404);
    expectProblem(await kestrel.post(`/api/v1/licenses/${license.id}/shipments`, { version: license.version, shippedOn: '2026-11-10', quantity: 1, valueUsd: 1, reference: 'AWB 1' }), 403, 'FORBIDDEN');
    expect(await stored()).toMatchObject({ version: license.version, conditions: [] });
  });

  it('shows the critical path: what each pending license holds up, days pending and aging, worst first', async () => {
    const path = must(await kestrel.get(`/api/v1/proposals/${proposalId}/licenses/critical-path`), 200, 'critical path').body;
    expect(path.targetDays).toBe(60);
    const first = path.items[0];
    expect(first).toMatchObject({ componentId: 'asean-srv', market: 'MY', licenseId: license.id, status: 'submitted', daysPending: 46, aging: 'due_soon' });
    expect(first.blocksDeals).toEqual([{ id: dealId, buyerName: 'Malaysian Digital Ministry', country: 'MY', awaitingCommitment: true }]);
    // The matrix finds the MY servers clear; the pending record holds the deal up all the same (as the gate does).
    expect(first).toMatchObject({ matrixStatus: 'clear', blocksCells: 0 });
    // A cell the matrix finds needing a license, with no record at all, holds up the Lao deal awaiting commitment.
    const lao = path.items.find((i: { market: string }) => i.market === 'LA');
    expect(lao).toMatchObject({ componentId: 'asean-srv', licenseId: null, status: 'no_license_record', aging: null });
    expect(lao.blocksCells).toBeGreaterThan(0);
    expect(lao.blocksDeals.some((d: { awaitingCommitment: boolean }) => d.awaitingCommitment)).toBe(true);
    expect(path.items.indexOf(lao)).toBeGreaterThan(0);
    const deal = must(await edag.get(`/api/v1/deals/${dealId}/licenses`), 200, 'deal licenses').body;
    expect(deal.items.map((i: { market: string }) => i.market).every((m: string) => m === 'MY')).toBe(true);
    expect(deal.items[0]).toMatchObject({ licenseId: license.id, aging: 'due_soon' });
    expectProblem(await step('final_commitment', 18_000_000), 409, 'LICENSE_GATE');
  });

  it('the gate refuses a license whose value left is below the financed scope, naming it and why', async () => {
    must(await patch({ status: 'approved', on: '2026-11-01', licenseNumber: 'L-MY-1', validFrom: '2026-11-01', expiresAt: '2026-12-31', authorizedQuantity: 10, authorizedValueUsd: 1_000 }), 200, 'approve');
    expect(license).toMatchObject({ status: 'approved', decidedOn: '2026-11-01', nextStatuses: ['expired', 'revoked'], remainingValueUsd: 1_000 });
    const g = await gate();
    expect(g.clear).toBe(false);
    const item = g.blocking.find((b: { componentId: string }) => b.componentId === 'asean-srv');
    expect(item.reason).toMatch(/^exhausted: 1,000 USD remain of the authorized value, the financed scope is [\d,]+ USD$/);
    expect(item.financedScopeUsd).toBeGreaterThan(1_000);
    const refused = await step('final_commitment', 18_000_000);
    expectProblem(refused, 409, 'LICENSE_GATE');
    expect(refused.body.detail).toContain('asean-srv → MY (approved, L-MY-1, exhausted');
    must(await patch({ authorizedValueUsd: 50_000_000 }), 200, 'amend value');
    expect((await gate()).clear).toBe(true);
  });

  it('draws shipments down; one the license does not cover is refused and writes nothing', async () => {
    const ship = (body: object) => anchor.post(`/api/v1/licenses/${license.id}/shipments`, { version: license.version, reference: 'AWB 176-1234', ...body });
    const before = license.version;
    const early = await ship({ shippedOn: '2026-10-15', quantity: 1, valueUsd: 100_000 });
    expectProblem(early, 409, 'LICENSE_NOT_VALID');
    expect(early.body.detail).toContain('not valid before 2026-11-01');
    expectProblem(await ship({ shippedOn: '2026-11-10', quantity: 11, valueUsd: 100_000 }), 409, 'LICENSE_EXHAUSTED');
    expectProblem(await ship({ shippedOn: '2026-11-10', quantity: 1, valueUsd: 60_000_000 }), 409, 'LICENSE_EXHAUSTED');
    expect((await anchor.get(`/api/v1/licenses/${license.id}/shipments`)).body.items).toEqual([]);
    expect(await stored()).toMatchObject({ version: before, status: 'approved', shippedQuantity: 0, shippedValueUsd: 0 });

    const first = must(await ship({ shippedOn: '2026-11-10', quantity: 4, valueUsd: 10_000_000 }), 201, 'ship').body;
    expect(first).toMatchObject({ status: 'shipped_against', shippedQuantity: 4, remainingQuantity: 6, remainingValueUsd: 40_000_000, version: before + 1 });
    expectProblem(await ship({ shippedOn: '2026-11-11', quantity: 1, valueUsd: 1 }), 409, 'VERSION_CONFLICT');
    license = first;
    license = must(await ship({ shippedOn: '2026-11-12', quantity: 6, valueUsd: 1_000_000 }), 201, 'ship the rest').body;
    expect(license).toMatchObject({ remainingQuantity: 0, remainingValueUsd: 39_000_000 });
    const listed = (await kestrel.get(`/api/v1/licenses/${license.id}/shipments`)).body.items;
    expect(listed.map((s: { quantity: number; reference: string }) => [s.quantity, s.reference])).toEqual([
      [4, 'AWB 176-1234'],
      [6, 'AWB 176-1234'],
    ]);

    const refused = await step('final_commitment', 18_000_000);
    expectProblem(refused, 409, 'LICENSE_GATE');
    expect(refused.body.detail).toContain('exhausted: the authorized quantity (10) is shipped');
    must(await patch({ authorizedQuantity: 20 }), 200, 'amend quantity');
    expect((await gate()).clear).toBe(true);
  });

  it('reminds the keepers once per threshold before the end of validity, then marks the license expired and the gate refuses it', async () => {
    // 2026-11-16: 45 days left, inside the 60-day threshold.
    expect((await runScheduledWork(h().deps)).licenses).toEqual({ reminded: 1, expired: 0 });
    expect((await runScheduledWork(h().deps)).licenses).toEqual({ reminded: 0, expired: 0 });
    expect(await reminders(anchor)).toHaveLength(1);
    expect((await reminders(anchor))[0].text).toContain('expires on 2026-12-31, in 45 day(s)');
    expect(await reminders(kestrel)).toEqual([]);

    h().deps.clock.set('2026-12-20T09:00:00.000Z'); // 11 days left: the 14-day threshold
    await login();
    expect((await runScheduledWork(h().deps)).licenses).toEqual({ reminded: 1, expired: 0 });
    expect((await runScheduledWork(h().deps)).licenses).toEqual({ reminded: 0, expired: 0 });
    expect(await reminders(anchor)).toHaveLength(2);

    h().deps.clock.set('2027-01-01T09:00:00.000Z');
    await login();
    // Past its validity the gate refuses it at once, before the worker marks it expired.
    expect((await gate()).blocking[0]).toMatchObject({ componentId: 'asean-srv', reason: 'expired on 2026-12-31' });
    expect((await runScheduledWork(h().deps)).licenses).toEqual({ reminded: 0, expired: 1 });
    expect((await runScheduledWork(h().deps)).licenses).toEqual({ reminded: 0, expired: 0 });
    expect(await stored()).toMatchObject({ status: 'expired', statusChangedOn: '2027-01-01', nextStatuses: [] });
    const history = (await anchor.get(`/api/v1/proposals/${proposalId}/history`)).body.events.map((e: { action: string }) => e.action);
    expect(history).toContain('license.expired');
    const refused = await step('final_commitment', 18_000_000);
    expectProblem(refused, 409, 'LICENSE_GATE');
    expect(refused.body.detail).toContain('asean-srv → MY (expired, L-MY-1, expired on 2026-12-31)');
    license = (await stored())!;
    expectProblem(await patch({ status: 'approved' }), 409, 'INVALID_TRANSITION');
  });

  it('passes a license valid on the commitment day with balance left', async () => {
    must(
      await anchor.post(`/api/v1/proposals/${proposalId}/licenses`, {
        componentId: 'asean-srv',
        market: 'MY',
        status: 'approved',
        bisApplicationNumber: 'Z5550002',
        licenseNumber: 'L-MY-2',
        validFrom: '2026-12-15',
        expiresAt: '2030-12-14',
        authorizedValueUsd: 60_000_000,
      }),
      201,
      'renewed license',
    );
    expect((await gate()).clear).toBe(true);
    expect((await edag.get(`/api/v1/deals/${dealId}/licenses`)).body.items).toEqual([]);
    must(await step('final_commitment', 18_000_000), 200, 'commit');
  });
});
