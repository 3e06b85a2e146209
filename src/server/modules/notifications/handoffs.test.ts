// The hand-offs between companies: an invited company hears of the invitation in its
// notifications, the anchor hears the answer, and every member company is asked to certify a
// proposal (when it is started, and when the company joins while one is still open).
import { expect, it } from 'vitest';
import { inTransaction } from '../../lib/transaction.ts';
import { askJoinedMemberToCertify } from '../proposals/proposals.service.ts';
import { FACTORY_ANCHOR, FACTORY_MEMBER, createConsortium, factoryPackage, must, session, uniqueWord, type FactoryConsortium } from '../../test/factories.ts';
import { describeEachDb, type Client } from '../../test/harness.ts';

interface Note {
  kind: string;
  text: string;
  link: string | null;
  read: boolean;
}
const notes = async (c: Client): Promise<Note[]> => must(await c.get('/api/v1/notifications'), 200, 'notifications').body.items;

describeEachDb('hand-offs', (h) => {
  it('an invitation reaches the invited company’s notifications, and its answer reaches the anchor', async () => {
    const anchor = await session(h(), FACTORY_ANCHOR.email);
    const merlion = await session(h(), 'member@merlion.example');
    const name = `Hand-off ${uniqueWord()}`;
    const c = must(await anchor.post('/api/v1/consortia', { name, layerRoles: ['model'] }), 201, 'create consortium').body;
    must(await anchor.post(`/api/v1/consortia/${c.id}/invitations`, { orgId: 'org-merlion', layerRoles: ['data', 'application'] }), 201, 'invite Merlion');

    const invitation = (await notes(merlion)).find((n) => n.kind === 'consortium_invitation' && n.link === `/consortia/${c.id}`);
    expect(invitation).toMatchObject({ read: false, text: `${FACTORY_ANCHOR.orgName} invites Merlion Data Pte. Ltd. to join the consortium “${name}” for the data, application layers. Accept or decline it.` });
    // Nobody else hears of it (the other company's users, the anchor itself).
    expect((await notes(await session(h(), FACTORY_MEMBER.email))).some((n) => n.link === `/consortia/${c.id}`)).toBe(false);
    expect((await notes(anchor)).some((n) => n.kind === 'consortium_invitation' && n.link === `/consortia/${c.id}`)).toBe(false);

    must(await merlion.post(`/api/v1/consortia/${c.id}/invitation/decline`), 200, 'Merlion declines');
    expect((await notes(anchor)).find((n) => n.kind === 'invitation_answered' && n.link === `/consortia/${c.id}`)?.text).toBe(`Merlion Data Pte. Ltd. declined the invitation to join “${name}”.`);
    // Answered, the invitation no longer waits among the unread.
    expect((await notes(merlion)).find((n) => n.kind === 'consortium_invitation' && n.link === `/consortia/${c.id}`)?.read).toBe(true);
  });

  it('an accepted invitation is marked read for every user of the invited company, and only that one', async () => {
    const anchor = await session(h(), FACTORY_ANCHOR.email);
    const merlion = await session(h(), 'member@merlion.example');
    const first = must(await anchor.post('/api/v1/consortia', { name: `Accepted ${uniqueWord()}`, layerRoles: ['model'] }), 201, 'create consortium').body;
    const second = must(await anchor.post('/api/v1/consortia', { name: `Pending ${uniqueWord()}`, layerRoles: ['model'] }), 201, 'create consortium').body;
    for (const c of [first, second]) must(await anchor.post(`/api/v1/consortia/${c.id}/invitations`, { orgId: 'org-merlion', layerRoles: ['data'] }), 201, 'invite Merlion');
    const invitationTo = async (id: string) => (await notes(merlion)).find((n) => n.kind === 'consortium_invitation' && n.link === `/consortia/${id}`);
    expect((await invitationTo(first.id))?.read).toBe(false);
    must(await merlion.post(`/api/v1/consortia/${first.id}/invitation/accept`), 200, 'Merlion accepts');
    expect((await invitationTo(first.id))?.read).toBe(true);
    // The other consortium's invitation still waits for its answer.
    expect((await invitationTo(second.id))?.read).toBe(false);
  });

  it('a refused invitation writes no notification', async () => {
    const anchor = await session(h(), FACTORY_ANCHOR.email);
    const merlion = await session(h(), 'member@merlion.example');
    const c = must(await anchor.post('/api/v1/consortia', { name: `Refused ${uniqueWord()}`, layerRoles: ['model'] }), 201, 'create consortium').body;
    must(await anchor.post(`/api/v1/consortia/${c.id}/invitations`, { orgId: 'org-merlion', layerRoles: ['data'] }), 201, 'invite Merlion');
    const before = (await notes(merlion)).length;
    expect((await anchor.post(`/api/v1/consortia/${c.id}/invitations`, { orgId: 'org-merlion', layerRoles: ['data'] })).status).toBe(409);
    // Only the anchor invites: a member company's user is refused, and nothing is sent.
    expect((await merlion.post(`/api/v1/consortia/${c.id}/invitations`, { orgId: FACTORY_MEMBER.orgId, layerRoles: ['data'] })).status).toBeGreaterThanOrEqual(400);
    expect((await notes(merlion)).length).toBe(before);
  });

  it('member companies are asked to certify a new proposal; the anchor user who started it is not', async () => {
    const consortium: FactoryConsortium = await createConsortium(h());
    const title = `Certify me ${uniqueWord()}`;
    const p = must(await consortium.anchor.post('/api/v1/proposals', { consortiumId: consortium.id, title, summary: 's', package: factoryPackage() }), 201, 'create proposal').body;
    const asked = (await notes(consortium.member)).find((n) => n.kind === 'certification_requested' && n.link === `/proposals/${p.id}`);
    expect(asked?.text).toBe(`Your company is asked to make its certifications for “${title}” before it can be submitted.`);
    expect((await notes(consortium.anchor)).some((n) => n.kind === 'certification_requested' && n.link === `/proposals/${p.id}`)).toBe(false);
  });

  it('the request to certify is marked read once the company has made every certification, not before', async () => {
    const consortium: FactoryConsortium = await createConsortium(h());
    const p = must(await consortium.anchor.post('/api/v1/proposals', { consortiumId: consortium.id, title: `Certify all ${uniqueWord()}`, summary: 's', package: factoryPackage() }), 201, 'create proposal').body;
    const request = async () => (await notes(consortium.member)).find((n) => n.kind === 'certification_requested' && n.link === `/proposals/${p.id}`);
    must(await consortium.member.post(`/api/v1/proposals/${p.id}/certifications`, { kinds: ['antiBribery', 'exportControl'] }), 200, 'certify two');
    expect((await request())?.read).toBe(false);
    must(await consortium.member.post(`/api/v1/proposals/${p.id}/certifications`, { kinds: ['outboundInvestment', 'bciConsent'] }), 200, 'certify the rest');
    expect((await request())?.read).toBe(true);
    // The anchor's own certifications settle nothing of another company's.
    const other = must(await consortium.anchor.post('/api/v1/proposals', { consortiumId: consortium.id, title: `Certify other ${uniqueWord()}`, summary: 's', package: factoryPackage() }), 201, 'create proposal').body;
    must(await consortium.anchor.post(`/api/v1/proposals/${other.id}/certifications`, { kinds: ['antiBribery', 'exportControl', 'outboundInvestment', 'bciConsent'] }), 200, 'anchor certifies');
    expect((await notes(consortium.member)).find((n) => n.kind === 'certification_requested' && n.link === `/proposals/${other.id}`)?.read).toBe(false);
  });

  it('a company that joins while a proposal is open is asked to certify it, once, unless it already has', async () => {
    const consortium = await createConsortium(h());
    const title = `Joined later ${uniqueWord()}`;
    const p = must(await consortium.anchor.post('/api/v1/proposals', { consortiumId: consortium.id, title, summary: 's', package: factoryPackage() }), 201, 'create proposal').body;
    const merlion = await session(h(), 'member@merlion.example');
    const change = { consortiumId: consortium.id, orgId: 'org-merlion', orgName: 'Merlion Data Pte. Ltd.', change: 'joined' as const, actorId: 'u' };
    await inTransaction(h().deps, (tx) => askJoinedMemberToCertify(tx, change));
    await inTransaction(h().deps, (tx) => askJoinedMemberToCertify(tx, { ...change, change: 'removed' }));
    expect((await notes(merlion)).filter((n) => n.kind === 'certification_requested' && n.link === `/proposals/${p.id}`)).toHaveLength(1);
    // The factory member certified everything: it is not asked again.
    must(await consortium.member.post(`/api/v1/proposals/${p.id}/certifications`, { kinds: ['antiBribery', 'exportControl', 'outboundInvestment', 'bciConsent'] }), 200, 'certify');
    const before = (await notes(consortium.member)).length;
    await inTransaction(h().deps, (tx) => askJoinedMemberToCertify(tx, { ...change, orgId: FACTORY_MEMBER.orgId }));
    expect((await notes(consortium.member)).length).toBe(before);
  });
});
