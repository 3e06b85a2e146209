// Who learns what about deals and financing requests: a proposal the caller cannot see is "not
// found" before any state is checked, and each viewer gets only the fields of a financing request
// that the table in docs/domain.md (Deals and financing) gives it.
import { expect, it } from 'vitest';
import { expectProblem } from '../../test/expect-problem.ts';
import { ADMIN, createProposal, must, PROGRAM_OFFICER, session } from '../../test/factories.ts';
import { describeEachDb } from '../../test/harness.ts';

const DEAL = { country: 'AR', buyerName: 'Cooperativa Test', buyerType: 'private', valueUsd: 3_000_000, competitors: [], sector: 'agriculture' };

/** Fields of a financing request for everyone who may see the request at all. */
const SHARED_FIELDS = [
  'agency',
  'committedAt',
  'committedUsd',
  'dealId',
  'disbursedUsd',
  'eligibility',
  'hostSubcontractShare',
  'id',
  'indicativeUsd',
  'instrument',
  'projectCostUsd',
  'referredAt',
  'requestedUsd',
  'state',
  'version',
];

describeEachDb('deal and financing visibility', (h) => {
  it('a deal on a proposal the caller cannot see is 404, whatever its state', async () => {
    const draft = await createProposal(h(), 'draft');
    const submitted = await createProposal(h(), 'under_review');
    const po = await session(h(), PROGRAM_OFFICER);
    const edag = await session(h(), 'edag@state.example');
    const auditor = await session(h(), 'auditor@oig.example');
    // Program officers never see a draft that was never submitted; the EDAG coordinator sees designated proposals only.
    expectProblem(await po.post(`/api/v1/proposals/${draft.id}/deals`, DEAL), 404, 'NOT_FOUND');
    expectProblem(await auditor.post(`/api/v1/proposals/${draft.id}/deals`, DEAL), 404, 'NOT_FOUND');
    expectProblem(await edag.post(`/api/v1/proposals/${draft.id}/deals`, DEAL), 404, 'NOT_FOUND');
    expectProblem(await edag.post(`/api/v1/proposals/${submitted.id}/deals`, DEAL), 404, 'NOT_FOUND');
    // Those who see the proposal learn its state, or that their role may not open deals.
    expectProblem(await po.post(`/api/v1/proposals/${submitted.id}/deals`, DEAL), 409, 'NOT_DESIGNATED');
    expectProblem(await draft.anchor.post(`/api/v1/proposals/${draft.id}/deals`, DEAL), 409, 'NOT_DESIGNATED');
    expectProblem(await auditor.post(`/api/v1/proposals/${submitted.id}/deals`, DEAL), 403, 'FORBIDDEN');
  });

  it('agency notes stay with the agency and the program office; applicants and EDAG see the rest of the request', async () => {
    const p = await createProposal(h(), 'designated');
    const deal = must(await p.anchor.post(`/api/v1/proposals/${p.id}/deals`, DEAL), 201, 'open deal').body;
    const edag = await session(h(), 'edag@state.example');
    const exim = await session(h(), 'finance@exim.example');
    let r = must(await edag.post(`/api/v1/deals/${deal.id}/financing-requests`, { agency: 'EXIM', instrument: 'direct_loan', requestedUsd: 1_000_000 }), 201, 'refer').body;
    r = must(await exim.post(`/api/v1/financing-requests/${r.id}/actions/submit_to_agency`, { version: r.version, note: 'Internal: buyer rating C, sovereign guarantee needed.' }), 200, 'submit to agency').body;
    expect(r.agencyNotes).toContain('buyer rating C');

    for (const [who, email] of [['agency', 'finance@exim.example'], ['program officer', PROGRAM_OFFICER], ['auditor', 'auditor@oig.example'], ['admin', ADMIN]] as const) {
      const seen = must(await (await session(h(), email)).get(`/api/v1/financing-requests/${r.id}`), 200, `request (${who})`).body;
      expect(Object.keys(seen).sort(), who).toEqual([...SHARED_FIELDS, 'agencyNotes'].sort());
    }
    for (const [who, client] of [['anchor', p.anchor], ['member', p.member], ['EDAG coordinator', edag]] as const) {
      const seen = must(await client.get(`/api/v1/financing-requests/${r.id}`), 200, `request (${who})`).body;
      expect(Object.keys(seen).sort(), who).toEqual(SHARED_FIELDS);
      const everywhere = [
        seen,
        must(await client.get('/api/v1/financing-requests'), 200, `requests (${who})`).body,
        must(await client.get(`/api/v1/deals/${deal.id}`), 200, `deal (${who})`).body,
        must(await client.get('/api/v1/portfolio/deals.csv'), 200, `portfolio CSV (${who})`).body,
      ];
      for (const answer of everywhere) expect(typeof answer === 'string' ? answer : JSON.stringify(answer), who).not.toContain('buyer rating');
    }
    // The anchor withdraws before commitment; the answer carries no note either.
    const withdrawn = must(await p.anchor.post(`/api/v1/financing-requests/${r.id}/actions/withdraw`, { version: r.version, note: 'We found private finance.' }), 200, 'withdraw').body;
    expect(Object.keys(withdrawn).sort()).toEqual(SHARED_FIELDS);
  });
});
