// A reviewer who declared a conflict of interest sees nothing of that proposal or its consortium,
// anywhere: reads answer 404 and lists leave them out.
import { expect, it } from 'vitest';
import { assignReviewers, createProposal, ensureTestUser, FACTORY_ANCHOR, FACTORY_MEMBER, must } from '../../test/factories.ts';
import { describeEachDb } from '../../test/harness.ts';

describeEachDb('a conflicted reviewer', (h) => {
  it('finds no trace of the proposal or its consortium in consultations, consortia, organizations or notifications', async () => {
    const p = await createProposal(h(), 'under_review');
    must(await p.po.post(`/api/v1/proposals/${p.id}/consultations`, {}), 201, 'request consultations');
    const war = (await assignReviewers(h(), p.id, ['reviewer@war.example']))['reviewer@war.example']!;
    must(await war.client.post(`/api/v1/reviews/${war.assignmentId}/conflict-of-interest`, { conflict: true, statement: 'Former adviser to the anchor.' }), 200, 'declare conflict');

    // War is consulted on the proposal, but this War reviewer is conflicted on it.
    const consultations = must(await war.client.get('/api/v1/consultations'), 200, 'agency consultations').body.items;
    expect(consultations.map((c: { proposalId: string }) => c.proposalId)).not.toContain(p.id);
    expect(JSON.stringify(consultations)).not.toContain(p.title);
    const mine = must(await p.po.get(`/api/v1/proposals/${p.id}/consultations`), 200, 'consultations (program officer)').body.items;
    const warConsultation = mine.find((c: { agency: string }) => c.agency === 'WAR');
    expect((await war.client.put(`/api/v1/consultations/${warConsultation.id}`, { position: 'concur', rationale: 'x', conditions: [] })).status).toBe(404);

    expect((await war.client.get(`/api/v1/consortia/${p.consortium.id}`)).status).toBe(404);
    const consortia = must(await war.client.get('/api/v1/consortia'), 200, 'consortia').body.items;
    expect(consortia.map((c: { id: string }) => c.id)).not.toContain(p.consortium.id);
    for (const org of [FACTORY_ANCHOR.orgId, FACTORY_MEMBER.orgId]) expect((await war.client.get(`/api/v1/organizations/${org}`)).status).toBe(404);

    const notes = must(await war.client.get('/api/v1/notifications'), 200, 'notifications').body.items;
    const text = JSON.stringify(notes);
    expect(text).not.toContain(p.id);
    expect(text).not.toContain(war.assignmentId);
    expect(text).not.toContain(p.consortium.name);

    // Another War official, not conflicted, still sees the agency's consultation and the proposal.
    const colleague = await ensureTestUser(h(), 'official@war.example');
    const theirs = must(await colleague.get('/api/v1/consultations'), 200, 'agency consultations (colleague)').body.items;
    expect(theirs.map((c: { proposalId: string }) => c.proposalId)).toContain(p.id);
    expect((await colleague.get(`/api/v1/proposals/${p.id}`)).status).toBe(200);
  });
});
