// Permission before state (issue 13): whoever may never change or certify a proposal is refused as
// such (403) whatever its state; only those who could hear that the state refuses it (409).
import { expect, it } from 'vitest';
import { expectProblem } from '../../test/expect-problem.ts';
import { createProposal } from '../../test/factories.ts';
import { describeEachDb } from '../../test/harness.ts';

const ALL = ['antiBribery', 'exportControl', 'outboundInvestment', 'bciConsent'];

describeEachDb('permission before state on proposal writes', (h) => {
  it('an auditor or program officer editing a submitted proposal gets 403; its anchor gets 409', async () => {
    const { id, anchor, title } = await createProposal(h(), 'submitted');
    for (const email of ['auditor@oig.example', 'program.officer@ita.example', 'admin@aiep.example']) {
      const c = await h().login(email);
      const cur = (await c.get(`/api/v1/proposals/${id}`)).body;
      expectProblem(await c.put(`/api/v1/proposals/${id}`, { title: 'Changed', summary: cur.summary, package: cur.package, version: cur.version }), 403, 'FORBIDDEN');
      expectProblem(await c.post(`/api/v1/proposals/${id}/certifications`, { kinds: ALL }), 403, 'FORBIDDEN');
    }
    const cur = (await anchor.get(`/api/v1/proposals/${id}`)).body;
    expectProblem(await anchor.put(`/api/v1/proposals/${id}`, { title: 'Changed', summary: cur.summary, package: cur.package, version: cur.version }), 409, 'PROPOSAL_IMMUTABLE');
    expect((await anchor.get(`/api/v1/proposals/${id}`)).body.title).toBe(title);
  });

  it('a member who may certify hears, once the proposal is submitted, that it can no longer be certified (409)', async () => {
    const { id: draftId, member: draftMember, anchor } = await createProposal(h(), 'draft', { certified: false });
    expect((await draftMember.post(`/api/v1/proposals/${draftId}/certifications`, { kinds: ['antiBribery'] })).status).toBe(200);
    expect((await anchor.post(`/api/v1/proposals/${draftId}/transitions`, { action: 'withdraw' })).status).toBe(200);
    const after = await draftMember.post(`/api/v1/proposals/${draftId}/certifications`, { kinds: ['exportControl'] });
    expectProblem(after, 409, 'PROPOSAL_IMMUTABLE');
  });
});
