// Concurrent certifications of one proposal by one organization: one is recorded, the others
// answer 409 (never 500 from the primary key), and each certification exists once.
import { expect, it } from 'vitest';
import { expectProblem } from '../../test/expect-problem.ts';
import { createProposal, FACTORY_MEMBER, must } from '../../test/factories.ts';
import { describeEachDb } from '../../test/harness.ts';

const KINDS = ['antiBribery', 'exportControl', 'outboundInvestment', 'bciConsent'];

describeEachDb('certifications in parallel', (h) => {
  it('exactly one of several parallel certifications by one organization wins; the others get 409 ALREADY_CERTIFIED', async () => {
    const p = await createProposal(h(), 'draft', { certified: false });
    const answers = await Promise.all(Array.from({ length: 5 }, () => p.member.post(`/api/v1/proposals/${p.id}/certifications`, { kinds: KINDS })));

    expect(answers.filter((r) => r.status === 200), JSON.stringify(answers.map((r) => [r.status, r.body?.code]))).toHaveLength(1);
    for (const r of answers.filter((x) => x.status !== 200)) expectProblem(r, 409, 'ALREADY_CERTIFIED');

    const db = h().deps.db.db;
    const rows = await db.selectFrom('certifications').select('kind').where('proposal_id', '=', p.id).where('org_id', '=', FACTORY_MEMBER.orgId).execute();
    expect(rows.map((r) => r.kind).sort()).toEqual([...KINDS].sort());
    const events = await db.selectFrom('audit_events').select('data_json').where('entity_id', '=', p.id).where('action', '=', 'proposal.certified').execute();
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.data_json)).toMatchObject({ orgId: FACTORY_MEMBER.orgId, kinds: KINDS });

    // Asking again, later, for what is certified is the same 409; a new kind alone is recorded.
    expectProblem(await p.member.post(`/api/v1/proposals/${p.id}/certifications`, { kinds: KINDS }), 409, 'ALREADY_CERTIFIED');
    must(await p.anchor.post(`/api/v1/proposals/${p.id}/certifications`, { kinds: ['antiBribery'] }), 200, 'anchor certifies one');
    must(await p.anchor.post(`/api/v1/proposals/${p.id}/certifications`, { kinds: KINDS }), 200, 'anchor certifies the rest');
    const anchorEvents = await db.selectFrom('audit_events').select('data_json').where('entity_id', '=', p.id).where('action', '=', 'proposal.certified').orderBy('seq').execute();
    expect(anchorEvents.slice(1).map((e) => JSON.parse(e.data_json).kinds)).toEqual([['antiBribery'], ['exportControl', 'outboundInvestment', 'bciConsent']]);
  });
});
