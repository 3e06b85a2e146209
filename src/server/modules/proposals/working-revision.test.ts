// Returned for information, a proposal opens a new working revision that its consortium edits. Until
// it is submitted again, government users see the last submitted revision (proposal_revisions) —
// in the proposal read and in everything derived from it.
import { expect, it } from 'vitest';
import { ADMIN, createProposal, DECISION_OFFICIAL, must, session, uniqueWord } from '../../test/factories.ts';
import { describeEachDb, type Client } from '../../test/harness.ts';

describeEachDb('working revision after a return for information', (h) => {
  it('government users see the submitted revision, not the consortium’s unsubmitted edits, until it is resubmitted', async () => {
    const p = await createProposal(h(), 'returned_for_information');
    const secret = uniqueWord('wip');
    const cur = must(await p.anchor.get(`/api/v1/proposals/${p.id}`), 200, 'read (anchor)').body;
    const pkg = {
      ...cur.package,
      components: cur.package.components.map((c: { id: string; unitValueUsd: number }) => (c.id === 'fx-srv' ? { ...c, unitValueUsd: 31_337, name: `Servers ${secret}` } : c)),
      operatingModel: cur.package.operatingModel.map((o: object) => ({ ...o, own: [{ name: `${secret} Holdings`, country: 'BR', orgId: null }] })),
    };
    must(await p.anchor.put(`/api/v1/proposals/${p.id}`, { title: `Working title ${secret}`, summary: `Working summary ${secret}`, package: pkg, version: cur.version }), 200, 'edit the working revision');
    const working = must(await p.member.get(`/api/v1/proposals/${p.id}`), 200, 'read (member)').body;
    expect(working.title).toBe(`Working title ${secret}`);
    expect(working.revision).toBe(2);

    const po = p.po;
    const readers: [string, Client][] = [
      ['program officer', po],
      ['decision official', await session(h(), DECISION_OFFICIAL)],
      ['auditor', await session(h(), 'auditor@oig.example')],
      ['admin', await session(h(), ADMIN)],
    ];
    for (const [who, client] of readers) {
      const seen = must(await client.get(`/api/v1/proposals/${p.id}`), 200, `read (${who})`).body;
      expect(seen.title, who).toBe(p.title);
      expect(seen.revision, who).toBe(1);
      expect(seen.state, who).toBe('returned_for_information');
      expect(seen.usContent, who).toEqual({ ...seen.usContent, totalValueUsd: cur.usContent.totalValueUsd });
      expect(JSON.stringify(seen), who).not.toContain(secret);
      for (const path of ['/manifest', '/completeness', '/compliance', '/compliance.csv', '/history']) {
        const res = must(await client.get(`/api/v1/proposals/${p.id}${path}`), 200, `${path} (${who})`);
        const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
        expect(text, `${who} ${path}`).not.toContain(secret);
        expect(text, `${who} ${path}`).not.toContain('31337');
      }
    }
    const history = must(await po.get(`/api/v1/proposals/${p.id}/history`), 200, 'history (program officer)').body;
    const actions = history.events.map((e: { action: string }) => e.action);
    expect(actions.slice(actions.lastIndexOf('proposal.return_for_information'))).toEqual(['proposal.return_for_information']);
    const listed = must(await po.get('/api/v1/proposals?limit=200&state=returned_for_information'), 200, 'list (program officer)').body.items.find((x: { id: string }) => x.id === p.id);
    expect(listed).toMatchObject({ title: p.title, revision: 1 });
    const queued = must(await po.get('/api/v1/review-queue?limit=200&state=returned_for_information'), 200, 'queue').body.items.find((x: { id: string }) => x.id === p.id);
    expect(queued).toMatchObject({ title: p.title, revision: 1 });
    expect(JSON.stringify(queued)).not.toContain(secret);

    // Resubmitted, the new revision is what everybody sees.
    must(await p.anchor.post(`/api/v1/proposals/${p.id}/submit`, {}), 200, 'resubmit');
    const after = must(await po.get(`/api/v1/proposals/${p.id}`), 200, 'read after resubmission').body;
    expect(after).toMatchObject({ title: `Working title ${secret}`, revision: 2, state: 'submitted' });
    expect(after.package.components.find((c: { id: string }) => c.id === 'fx-srv').unitValueUsd).toBe(31_337);
  });

  it('a proposal withdrawn while returned shows government users its last submitted revision', async () => {
    const p = await createProposal(h(), 'returned_for_information');
    const cur = must(await p.anchor.get(`/api/v1/proposals/${p.id}`), 200, 'read (anchor)').body;
    const secret = uniqueWord('wd');
    must(await p.anchor.put(`/api/v1/proposals/${p.id}`, { title: `Withdrawn ${secret}`, summary: cur.summary, package: cur.package, version: cur.version }), 200, 'edit');
    must(await p.anchor.post(`/api/v1/proposals/${p.id}/transitions`, { action: 'withdraw' }), 200, 'withdraw');
    const seen = must(await p.po.get(`/api/v1/proposals/${p.id}`), 200, 'read (program officer)').body;
    expect(seen).toMatchObject({ state: 'withdrawn', title: p.title, revision: 1 });
  });
});
