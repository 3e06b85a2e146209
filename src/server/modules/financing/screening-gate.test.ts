// No list, no clearance: a financing agency's final commitment waits until every party of the
// package is screened against the list versions active now — here, right after a new list version
// was activated and before its re-screening has run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runJobsOnce } from '../../jobs/worker.ts';
import { expectProblem } from '../../test/expect-problem.ts';
import { must, session } from '../../test/factories.ts';
import { describeEachDb, type Client } from '../../test/harness.ts';

const NEW_LIST = readFileSync(join(import.meta.dirname, '../screening/__fixtures__/csl_test_v1.csv'), 'utf8');

describeEachDb('financing: final commitment waits for screening', (h) => {
  let edag: Client;
  let exim: Client;
  let proposalId: string;
  let dealId: string;
  let request: { id: string; version: number; state: string };

  it('a request reaches approval on the designated package, its parties screened', async () => {
    const anchor = await session(h(), 'anchor@cascade.example');
    edag = await session(h(), 'edag@state.example');
    exim = await session(h(), 'finance@exim.example');
    proposalId = (must(await edag.get('/api/v1/portfolio/packages'), 200, 'packages').body.items as { proposalId: string }[])[0]!.proposalId;
    const deal = must(await edag.post(`/api/v1/proposals/${proposalId}/deals`, { country: 'MY', buyerName: 'Malaysian Digital Ministry', buyerType: 'government', valueUsd: 20_000_000, sector: 'government_services' }), 201, 'deal').body;
    dealId = deal.id;
    request = must(await edag.post(`/api/v1/deals/${deal.id}/financing-requests`, { agency: 'EXIM', instrument: 'direct_loan', requestedUsd: 10_000_000 }), 201, 'refer').body;
    for (const [action, amountUsd] of [['submit_to_agency'], ['indicative_offer', 10_000_000], ['due_diligence'], ['approve']] as const) {
      request = must(await exim.post(`/api/v1/financing-requests/${request.id}/actions/${action}`, { version: request.version, ...(amountUsd ? { amountUsd } : {}) }), 200, action).body;
    }
    expect(request.state).toBe('approval');
    // The license gate is satisfied, so only screening can hold the commitment.
    must(await anchor.post(`/api/v1/proposals/${proposalId}/licenses`, { componentId: 'asean-srv', market: 'MY', status: 'approved', bisApplicationNumber: 'Z7654321' }), 201, 'license');
    // The deal says the screening gate is clear, to the agency's officer too (who does not read the proposal).
    expect(must(await exim.get(`/api/v1/deals/${dealId}`), 200, 'deal').body.screeningGate).toEqual({ clear: true, message: null });
  });

  it('after a new list version is activated, the commitment is refused (409, naming the parties) and nothing is written', async () => {
    const admin = await session(h(), 'admin@aiep.example');
    const imported = await h().app.inject({ method: 'POST', url: '/api/v1/lists/import?fileName=csl_test_v1.csv', payload: NEW_LIST, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'text/csv' } });
    expect(imported.statusCode).toBe(201);
    must(await admin.post(`/api/v1/lists/versions/${JSON.parse(imported.body).id}/activate`, {}), 200, 'activate');
    // The financing officer sees why on the deal, before trying.
    const gate = must(await exim.get(`/api/v1/deals/${dealId}`), 200, 'deal').body.screeningGate;
    expect(gate.clear).toBe(false);
    expect(gate.message).toMatch(/^Not yet screened against the active screening list: .*Cascade Cloud Systems Inc\./);
    expect(must(await edag.get(`/api/v1/proposals/${proposalId}/screening`), 200, 'package screening').body).toMatchObject({ listActive: true, screened: false, message: gate.message });

    const deal = async () => must(await edag.get(`/api/v1/financing-requests/${request.id}`), 200, 'request').body;
    const before = await deal();
    const refused = await exim.post(`/api/v1/financing-requests/${request.id}/actions/final_commitment`, { version: request.version, amountUsd: 10_000_000 });
    expectProblem(refused, 409, 'SCREENING_REQUIRED');
    expect(refused.body.detail).toMatch(/^Final commitment is blocked until every party of the package is screened against an active screening list\. Not yet screened against the active screening list: /);
    expect(refused.body.detail).toContain('Cascade Cloud Systems Inc.');
    expect(refused.body).toMatchObject({ listActive: true, unscreened: expect.arrayContaining(['Cascade Cloud Systems Inc.']) });
    expect(await deal()).toEqual(before);
    expect(before).toMatchObject({ state: 'approval', committedUsd: null, version: request.version });
  });

  it('once the re-screening has run, the commitment goes through', async () => {
    await runJobsOnce(h().deps);
    expect(must(await exim.get(`/api/v1/deals/${dealId}`), 200, 'deal').body.screeningGate).toEqual({ clear: true, message: null });
    const committed = must(await exim.post(`/api/v1/financing-requests/${request.id}/actions/final_commitment`, { version: request.version, amountUsd: 10_000_000 }), 200, 'commit').body;
    expect(committed).toMatchObject({ state: 'final_commitment', committedUsd: 10_000_000 });
  });
});
