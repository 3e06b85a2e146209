// A deal's stage follows its financing forward by itself and is otherwise the EDAG coordinator's
// to move, with a reason; advocacy is corrected on the version read; monitoring reports have a
// list, a read and a submission fit for a screen.
import { beforeAll, describe, expect, it } from 'vitest';
import { runScheduledWork } from '../../jobs/scheduled.ts';
import { expectProblem } from '../../test/expect-problem.ts';
import { must, PROGRAM_OFFICER, session } from '../../test/factories.ts';
import { describeEachDb, type Client } from '../../test/harness.ts';
import { stageFollowingFinancing } from './financing.service.ts';

describe('the stage rule', () => {
  it('moves a deal forward to the furthest stage its requests imply', () => {
    expect(stageFollowingFinancing('identified', [])).toBeNull();
    expect(stageFollowingFinancing('identified', ['referred'])).toBe('qualified');
    expect(stageFollowingFinancing('identified', ['referred', 'indicative_offer'])).toBe('negotiating');
    expect(stageFollowingFinancing('advocacy', ['approval'])).toBe('negotiating');
    expect(stageFollowingFinancing('licensing', ['final_commitment'])).toBe('financing');
    expect(stageFollowingFinancing('identified', ['closing', 'referred'])).toBe('financing');
    expect(stageFollowingFinancing('financing', ['disbursing'])).toBe('contract_signed');
  });

  it('never backward, never out of a hold, a loss or a cancellation, and not for requests that ended without money', () => {
    expect(stageFollowingFinancing('licensing', ['indicative_offer'])).toBeNull();
    expect(stageFollowingFinancing('operational', ['disbursing'])).toBeNull();
    for (const stage of ['on_hold', 'closed_lost', 'cancelled'] as const) expect(stageFollowingFinancing(stage, ['final_commitment'])).toBeNull();
    expect(stageFollowingFinancing('identified', ['declined', 'withdrawn', 'expired'])).toBeNull();
  });
});

const ASEAN_TITLE = 'Digital Government AI for ASEAN Ministries';

describeEachDb('deal stages, advocacy and monitoring through the API', (h) => {
  let anchor: Client;
  let edag: Client;
  let exim: Client;
  let po: Client;
  let proposalId: string;

  const openDeal = async (country: string, buyerName: string) =>
    must(await edag.post(`/api/v1/proposals/${proposalId}/deals`, { country, buyerName, buyerType: 'government', valueUsd: 20_000_000, sector: 'government_services' }), 201, 'open deal').body;
  const auditCount = async () => Number((await h().deps.db.db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    anchor = await session(h(), 'anchor@cascade.example');
    edag = await session(h(), 'edag@state.example');
    exim = await session(h(), 'finance@exim.example');
    po = await session(h(), PROGRAM_OFFICER);
    proposalId = ((await anchor.get('/api/v1/proposals')).body.items as { id: string; title: string }[]).find((p) => p.title === ASEAN_TITLE)!.id;
  });

  it('the stage follows the requests’ steps, in their transaction, audited as a system step', async () => {
    const deal = await openDeal('MY', 'Malaysia Digital Economy Corporation');
    expect(deal).toMatchObject({ stage: 'identified', mayMoveStage: true, stageHistory: [expect.objectContaining({ from: null, to: 'identified' })] });
    let r = must(await edag.post(`/api/v1/deals/${deal.id}/financing-requests`, { agency: 'EXIM', instrument: 'medium_term_guarantee', requestedUsd: 12_000_000 }), 201, 'refer').body;
    const stageOf = async () => (await edag.get(`/api/v1/deals/${deal.id}`)).body;
    expect((await stageOf()).stage).toBe('qualified');
    const step = async (action: string, amountUsd?: number) => {
      const res = await exim.post(`/api/v1/financing-requests/${r.id}/actions/${action}`, { version: r.version, ...(amountUsd ? { amountUsd } : {}) });
      if (res.status === 200) r = res.body;
      return res;
    };
    must(await step('submit_to_agency'), 200, 'submit');
    expect((await stageOf()).stage).toBe('qualified');
    must(await step('indicative_offer', 12_000_000), 200, 'offer');
    expect((await stageOf()).stage).toBe('negotiating');
    must(await step('due_diligence'), 200, 'due diligence');
    must(await step('approve'), 200, 'approve');

    // A step refused (the license gate) moves nothing.
    const needs = (await anchor.get(`/api/v1/deals/${deal.id}`)).body.licenseGate.licenses as { componentId: string; matrixStatus: string }[];
    const needed = needs.filter((n) => n.matrixStatus !== 'clear');
    if (needed.length > 0) {
      const before = await stageOf();
      expectProblem(await step('final_commitment', 10_000_000), 409, 'LICENSE_GATE');
      expect(await stageOf()).toMatchObject({ stage: 'negotiating', version: before.version });
      for (const n of needed) must(await anchor.post(`/api/v1/proposals/${proposalId}/licenses`, { componentId: n.componentId, market: 'MY', status: 'approved', bisApplicationNumber: 'Z7654321' }), 201, 'license');
    }
    must(await step('final_commitment', 10_000_000), 200, 'commit');
    expect((await stageOf()).stage).toBe('financing');
    must(await step('close'), 200, 'close');
    must(await step('disburse', 3_000_000), 200, 'disburse');
    const seen = await stageOf();
    expect(seen.stage).toBe('contract_signed');
    expect(seen.stageHistory.map((c: { to: string; system: boolean }) => [c.to, c.system])).toEqual([
      ['identified', false],
      ['qualified', true],
      ['negotiating', true],
      ['financing', true],
      ['contract_signed', true],
    ]);
    expect(seen.stageHistory.at(-1).reason).toBe('The EXIM request reached disbursing');
    const events = await h().deps.db.db.selectFrom('audit_events').selectAll().where('entity_id', '=', deal.id).where('action', '=', 'deal.stage_changed').orderBy('seq').execute();
    expect(events.map((e) => JSON.parse(e.data_json))).toEqual(expect.arrayContaining([expect.objectContaining({ from: 'financing', to: 'contract_signed', system: true, requestId: r.id })]));

    // Never backward: the coordinator moves it on; a new referral, which implies `qualified`, leaves it there.
    const moved = must(await edag.post(`/api/v1/deals/${deal.id}/stage`, { stage: 'in_delivery', reason: 'Hardware shipped.', version: seen.version }), 200, 'move').body;
    expect(moved.stageHistory.at(-1)).toMatchObject({ from: 'contract_signed', to: 'in_delivery', system: false, reason: 'Hardware shipped.' });
    must(await edag.post(`/api/v1/deals/${deal.id}/financing-requests`, { agency: 'DFC', instrument: 'loan', requestedUsd: 1_000_000 }), 201, 'refer again');
    expect((await stageOf()).stage).toBe('in_delivery');
  });

  it('a deal on hold stays on hold whatever its financing does', async () => {
    const deal = await openDeal('TH', 'Bangkok Metropolitan Data Office');
    must(await edag.post(`/api/v1/deals/${deal.id}/stage`, { stage: 'on_hold', reason: 'Budget frozen.', version: deal.version }), 200, 'hold');
    must(await edag.post(`/api/v1/deals/${deal.id}/financing-requests`, { agency: 'EXIM', instrument: 'medium_term_guarantee', requestedUsd: 2_000_000 }), 201, 'refer');
    expect((await edag.get(`/api/v1/deals/${deal.id}`)).body.stage).toBe('on_hold');
  });

  it('only the EDAG coordinator moves a stage by hand, with a reason, on the version read; nothing else is written', async () => {
    const deal = await openDeal('BN', 'Brunei Ministry of Transport and Infocommunications');
    must(await edag.post(`/api/v1/deals/${deal.id}/financing-requests`, { agency: 'EXIM', instrument: 'medium_term_guarantee', requestedUsd: 2_000_000 }), 201, 'refer');
    const current = (await edag.get(`/api/v1/deals/${deal.id}`)).body;
    const others = await Promise.all(['anchor@cascade.example', PROGRAM_OFFICER, 'finance@exim.example', 'auditor@oig.example', 'admin@aiep.example'].map(async (email) => [email, await session(h(), email)] as const));
    const outsiders = [await session(h(), 'anchor@meridian.example'), await session(h(), 'finance@dfc.example')];
    // Logging in is audited too: count from here.
    const events = await auditCount();
    const move = { stage: 'advocacy', reason: 'Embassy engaged.', version: current.version };
    for (const [who, client] of others) {
      expectProblem(await client.post(`/api/v1/deals/${deal.id}/stage`, move), 403, 'FORBIDDEN');
      expect((await client.get(`/api/v1/deals/${deal.id}`)).body.mayMoveStage, who).toBe(false);
    }
    // Who may not see the deal learns nothing of it.
    for (const client of outsiders) expectProblem(await client.post(`/api/v1/deals/${deal.id}/stage`, move), 404, 'NOT_FOUND');
    // The stage is not a detail of the deal any more, for anyone.
    expectProblem(await anchor.patch(`/api/v1/deals/${deal.id}`, { stage: 'operational', version: current.version }), 400, 'VALIDATION_FAILED');
    expectProblem(await edag.patch(`/api/v1/deals/${deal.id}`, { stage: 'operational', version: current.version }), 400, 'VALIDATION_FAILED');
    // Bad moves: no reason, a blank one, an unknown stage, the stage it is at, a stale version.
    expectProblem(await edag.post(`/api/v1/deals/${deal.id}/stage`, { stage: 'advocacy', version: current.version }), 400, 'VALIDATION_FAILED');
    expectProblem(await edag.post(`/api/v1/deals/${deal.id}/stage`, { ...move, reason: '  ' }), 400, 'VALIDATION_FAILED');
    expectProblem(await edag.post(`/api/v1/deals/${deal.id}/stage`, { ...move, stage: 'won' }), 400, 'VALIDATION_FAILED');
    expectProblem(await edag.post(`/api/v1/deals/${deal.id}/stage`, { ...move, stage: 'qualified' }), 400, 'VALIDATION_FAILED');
    const stale = await edag.post(`/api/v1/deals/${deal.id}/stage`, { ...move, version: current.version - 1 });
    expectProblem(stale, 409, 'VERSION_CONFLICT');
    expect(stale.body.currentVersion).toBe(current.version);
    expect((await edag.get(`/api/v1/deals/${deal.id}`)).body).toEqual(current);
    expect(await auditCount()).toBe(events);
    // The coordinator's move, backward too.
    const moved = must(await edag.post(`/api/v1/deals/${deal.id}/stage`, { ...move, stage: 'identified', reason: 'Referred too early; requalifying.' }), 200, 'move back').body;
    expect(moved).toMatchObject({ stage: 'identified', version: current.version + 1 });
  });

  it('advocacy is corrected by whoever records it, on the version read', async () => {
    const deal = await openDeal('SG', 'Singapore Smart Nation Office');
    const other = await openDeal('SG', 'Singapore Land Authority');
    const recorded = must(await edag.post(`/api/v1/deals/${deal.id}/advocacy`, { kind: 'call', occurredOn: '2026-11-02', description: 'Call with the permanent secretary.' }), 201, 'record').body.advocacy[0];
    expect(recorded).toMatchObject({ version: 1, kind: 'call' });
    const url = `/api/v1/deals/${deal.id}/advocacy/${recorded.id}`;
    const fix = { kind: 'meeting', occurredOn: '2026-11-03', description: 'Meeting with the permanent secretary and the CIO.' };
    const events = await auditCount();
    expectProblem(await anchor.put(url, { ...fix, version: 1 }), 403, 'FORBIDDEN');
    expectProblem(await exim.put(url, { ...fix, version: 1 }), 404, 'NOT_FOUND');
    expectProblem(await edag.put(url, { ...fix, description: '', version: 1 }), 400, 'VALIDATION_FAILED');
    expectProblem(await edag.put(url, { ...fix, version: 2 }), 409, 'VERSION_CONFLICT');
    expectProblem(await edag.put(`/api/v1/deals/${other.id}/advocacy/${recorded.id}`, { ...fix, version: 1 }), 404, 'NOT_FOUND');
    expectProblem(await edag.put(`/api/v1/deals/${deal.id}/advocacy/no-such-action`, { ...fix, version: 1 }), 404, 'NOT_FOUND');
    expect(await auditCount()).toBe(events);
    const edited = must(await edag.put(url, { ...fix, version: 1 }), 200, 'correct').body.advocacy[0];
    expect(edited).toMatchObject({ ...fix, version: 2 });
    must(await po.put(url, { ...fix, description: 'Meeting with the permanent secretary, the CIO and GovTech.', version: 2 }), 200, 'program office corrects');
    const trail = await h().deps.db.db.selectFrom('audit_events').selectAll().where('entity_id', '=', deal.id).where('action', '=', 'deal.advocacy_updated').orderBy('seq').execute();
    expect(JSON.parse(trail[0]!.data_json)).toMatchObject({ advocacyId: recorded.id, from: { kind: 'call', description: 'Call with the permanent secretary.' }, kind: 'meeting' });
  });

  it('home-page lists: a package’s deals, and the requests still awaiting an agency', async () => {
    const deals = must(await edag.get(`/api/v1/deals?proposalId=${proposalId}`), 200, 'deals of the package').body.items as { proposalId: string }[];
    expect(deals.length).toBeGreaterThan(0);
    expect(deals.every((d) => d.proposalId === proposalId)).toBe(true);
    expect(must(await edag.get('/api/v1/deals?proposalId=no-such-package'), 200, 'none').body.items).toEqual([]);
    const deal = await openDeal('PH', 'Philippine Ports Authority');
    let r = must(await edag.post(`/api/v1/deals/${deal.id}/financing-requests`, { agency: 'EXIM', instrument: 'medium_term_guarantee', requestedUsd: 1_000_000 }), 201, 'refer').body;
    const open = async () => (must(await exim.get('/api/v1/financing-requests?open=true'), 200, 'open').body.items as { id: string; agency: string; state: string }[]);
    expect((await open()).map((x) => x.id)).toContain(r.id);
    expect((await open()).every((x) => x.agency === 'EXIM' && !['completed', 'declined', 'withdrawn', 'expired'].includes(x.state))).toBe(true);
    r = must(await edag.post(`/api/v1/financing-requests/${r.id}/actions/withdraw`, { version: r.version }), 200, 'withdraw').body;
    expect((await open()).map((x) => x.id)).not.toContain(r.id);
    expect((must(await exim.get('/api/v1/financing-requests?open=false'), 200, 'closed').body.items as { id: string }[]).map((x) => x.id)).toContain(r.id);
    expectProblem(await exim.get('/api/v1/financing-requests?open=maybe'), 400, 'VALIDATION_FAILED');
  });

  it('monitoring reports: the anchor files them, members and government readers read them, agencies see none', async () => {
    // Two quarters closed since the designation: two package reports fall due.
    const now = h().deps.clock.now();
    const back = new Date(Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3 - 6, 15));
    await h().deps.db.db.updateTable('designated_packages').set({ designated_at: back.toISOString() }).where('proposal_id', '=', proposalId).execute();
    await runScheduledWork(h().deps);
    const mine = (must(await anchor.get('/api/v1/monitoring'), 200, 'list').body.items as { id: string; proposalId: string; dealId: string | null; proposalTitle: string; maySubmit: boolean; deal: unknown }[]).filter((r) => r.proposalId === proposalId && r.dealId === null);
    expect(mine).toHaveLength(2);
    expect(mine[0]).toMatchObject({ proposalTitle: ASEAN_TITLE, maySubmit: true, deal: null });
    const id = mine[0]!.id;
    for (const [who, email] of [['member', 'member@kestrel.example'], ['program officer', PROGRAM_OFFICER], ['EDAG coordinator', 'edag@state.example'], ['auditor', 'auditor@oig.example']] as const) {
      const read = must(await (await session(h(), email)).get(`/api/v1/monitoring/${id}`), 200, `read (${who})`).body;
      expect(read.maySubmit, who).toBe(false);
    }
    for (const email of ['finance@exim.example', 'anchor@meridian.example']) expectProblem(await (await session(h(), email)).get(`/api/v1/monitoring/${id}`), 404, 'NOT_FOUND');
    const metrics = { usContentRecertified: true, securityIncidents: 0, endUseAttested: true };
    expectProblem(await po.put(`/api/v1/monitoring/${id}`, metrics), 403, 'FORBIDDEN');
    expectProblem(await (await session(h(), 'member@kestrel.example')).put(`/api/v1/monitoring/${id}`, metrics), 403, 'FORBIDDEN');
    expectProblem(await exim.put(`/api/v1/monitoring/${id}`, metrics), 404, 'NOT_FOUND');
    expectProblem(await anchor.put(`/api/v1/monitoring/${id}`, { ...metrics, endUseAttested: undefined }), 400, 'VALIDATION_FAILED');
    const filed = must(await anchor.put(`/api/v1/monitoring/${id}`, { ...metrics, utilizationPct: 71 }), 200, 'file').body;
    expect(filed).toMatchObject({ maySubmit: false, metrics: { utilizationPct: 71 } });
    expect(typeof filed.submittedBy).toBe('string');
    expectProblem(await anchor.put(`/api/v1/monitoring/${id}`, metrics), 409, 'REPORT_SUBMITTED');
    expect(must(await po.get(`/api/v1/monitoring/${id}`), 200, 'read filed').body.submittedAt).not.toBeNull();
  });
});
