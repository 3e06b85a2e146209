// The demo's starting points for the deal desks: a deal at every stage under the designated ASEAN
// package, each with financing the stage rule agrees with, and work on the home pages of the EDAG
// coordinator and of each financing agency's demo user.
import { expect, it } from 'vitest';
import { DEAL_STAGES, COMMITTED_STATES, type FinancingState } from '../../shared/domain/financing-lifecycle.ts';
import { stageFollowingFinancing } from '../modules/financing/financing.service.ts';
import { must, session } from '../test/factories.ts';
import { describeEachDb } from '../test/harness.ts';

interface DealView {
  id: string;
  proposalId: string;
  stage: (typeof DEAL_STAGES)[number];
  requests: { agency: string; state: FinancingState; committedUsd: number | null; disbursedUsd: number }[];
  licenseGate: { clear: boolean };
  stageHistory: { to: string; system: boolean; reason: string | null }[];
}

describeEachDb('demo data: deals and financing', (h) => {
  it('seeds a deal at every stage on the designated package, each consistent with the stage rule', async () => {
    const edag = await session(h(), 'edag@state.example');
    const packages = must(await edag.get('/api/v1/portfolio/packages'), 200, 'designated packages').body.items as { proposalId: string; title: string; mayOpenDeal: boolean; deals: { id: string }[] }[];
    expect(packages.map((p) => [p.title, p.mayOpenDeal])).toEqual([['Digital Government AI for ASEAN Ministries', true]]);
    const designated = packages.map((p) => ({ id: p.proposalId }));
    const summaries = must(await edag.get('/api/v1/deals'), 200, 'deals').body.items as { id: string; proposalId: string }[];
    const deals: DealView[] = [];
    for (const s of summaries) deals.push(must(await edag.get(`/api/v1/deals/${s.id}`), 200, 'deal').body);
    expect(new Set(deals.map((d) => d.stage))).toEqual(new Set(DEAL_STAGES));
    expect(deals.every((d) => designated.some((p) => p.id === d.proposalId))).toBe(true);
    for (const d of deals) {
      // Consistent: the rule would move no deal further, and every commitment passed the license gate.
      expect(stageFollowingFinancing(d.stage, d.requests.map((r) => r.state)), `${d.id} at ${d.stage}`).toBeNull();
      if (d.requests.some((r) => COMMITTED_STATES.includes(r.state))) expect(d.licenseGate.clear, d.id).toBe(true);
      // A stage the financing implies was reached by the requests themselves, not set by hand.
      for (const c of d.stageHistory.filter((x) => x.system)) expect(c.reason).toMatch(/request reached/);
    }
    // The example: $28M committed, $10M disbursed — past contract signature.
    const sg = deals.find((d) => d.requests.some((r) => r.committedUsd === 28_000_000 && r.disbursedUsd === 10_000_000))!;
    expect(sg.stage).toBe('contract_signed');
    expect(sg.stageHistory.at(-1)).toMatchObject({ to: 'contract_signed', system: true });
  });

  it('each financing agency’s demo user finds requests awaiting it; the coordinator finds the package’s deals', async () => {
    for (const [email, agency] of [['finance@exim.example', 'EXIM'], ['finance@dfc.example', 'DFC']] as const) {
      const open = must(await (await session(h(), email)).get('/api/v1/financing-requests?open=true'), 200, `open requests (${agency})`).body.items as { agency: string; state: string }[];
      expect(open.length, agency).toBeGreaterThan(0);
      expect(open.every((r) => r.agency === agency)).toBe(true);
      expect(open.some((r) => r.state === 'referred'), `${agency} has a referral to take up`).toBe(true);
    }
    const edag = await session(h(), 'edag@state.example');
    const [asean] = must(await edag.get('/api/v1/portfolio/packages'), 200, 'packages').body.items as { proposalId: string; deals: unknown[] }[];
    expect(asean!.deals.length).toBeGreaterThanOrEqual(DEAL_STAGES.length);
    expect(must(await edag.get(`/api/v1/deals?proposalId=${asean!.proposalId}`), 200, 'deals of the package').body.items).toHaveLength(asean!.deals.length);
    // A financing officer's packages are those of its agency's deals; a company's, its own.
    const eximPackages = must(await (await session(h(), 'finance@exim.example')).get('/api/v1/portfolio/packages'), 200, 'packages (EXIM)').body.items as { mayOpenDeal: boolean; deals: unknown[] }[];
    expect(eximPackages).toHaveLength(1);
    expect(eximPackages[0]!.mayOpenDeal).toBe(false);
    expect(eximPackages[0]!.deals.length).toBeLessThan(asean!.deals.length);
    expect(must(await (await session(h(), 'anchor@meridian.example')).get('/api/v1/portfolio/packages'), 200, 'packages (other company)').body.items).toEqual([]);
    expect((await (await session(h(), 'reviewer@state.example')).get('/api/v1/portfolio/packages')).status).toBe(403);
  });

  it('activates the shipped screening list snapshot and screens the designated package’s parties against it', async () => {
    const admin = await session(h(), 'admin@aiep.example');
    const lists = must(await admin.get('/api/v1/lists'), 200, 'lists').body.items as { code: string; activeVersion: { fileName: string; entryCount: number } | null }[];
    expect(lists).toEqual([expect.objectContaining({ code: 'csl', activeVersion: expect.objectContaining({ fileName: 'csl-2022-05-bis-state.csv', entryCount: 3625 }) })]);
    // A search answers from the snapshot: a screened result, and a listed party is found.
    const co = await session(h(), 'compliance@meridian.example');
    const search = must(await co.post('/api/v1/screening/search', { name: '140 Repair Plant JSC' }), 200, 'search').body;
    expect(search).toMatchObject({ screened: true, notice: null });
    expect(search.matches[0]).toMatchObject({ list: 'EL', name: '140 Repair Plant JSC' });
    const csl = await co.get('/api/v1/screening/search?name=140%20Repair%20Plant');
    expect(csl.status).toBe(200);
    expect(csl.headers['x-screening-status']).toBe('screened');
    expect(csl.headers['x-screening-notice']).toBeUndefined();
    // The designated package's parties are screened, so designation and commitments were not refused.
    const edag = await session(h(), 'edag@state.example');
    const [asean] = must(await edag.get('/api/v1/portfolio/packages'), 200, 'packages').body.items as { proposalId: string }[];
    const screening = must(await edag.get(`/api/v1/proposals/${asean!.proposalId}/screening`), 200, 'package screening').body;
    expect(screening).toMatchObject({ listActive: true, screened: true, message: null });
    expect(screening.parties.length).toBeGreaterThan(3);
    expect(screening.parties.every((p: { screened: boolean; screenedAt: string | null }) => p.screened && p.screenedAt)).toBe(true);
  });
}, { demoList: 'snapshot' });
