// A member's change of its screened facts (legal name, country, ownership, ultimate parent) reopens
// review of the packages and proposals of its consortia (aiep issue 11, item 8); the public catalog
// keeps showing the members as reviewed until the program office approves the amendment.
import { expect, it } from 'vitest';
import { expectProblem } from '../../test/expect-problem.ts';
import { describeEachDb, inject, type Client } from '../../test/harness.ts';

const PO = 'program.officer@ita.example';
const ASEAN_TITLE = 'Digital Government AI for ASEAN Ministries';

describeEachDb('a member’s change of country or ownership', (h) => {
  const db = () => h().deps.db.db;

  async function proposalIdByTitle(title: string): Promise<string> {
    const row = await db().selectFrom('proposals').select('id').where('title', '=', title).executeTakeFirstOrThrow();
    return row.id;
  }

  async function counts(proposalId?: string) {
    const n = async (table: 'amendments' | 'notifications' | 'audit_events') => {
      let q = db().selectFrom(table).select((e) => e.fn.countAll<number>().as('n'));
      if (table === 'amendments' && proposalId) q = q.where('proposal_id', '=', proposalId);
      return Number((await q.executeTakeFirstOrThrow()).n);
    };
    return { amendments: await n('amendments'), notifications: await n('notifications'), audit: await n('audit_events') };
  }

  async function orgInput(client: Client, orgId: string) {
    const org = (await client.get(`/api/v1/organizations/${orgId}`)).body;
    const { name, countryOfIncorporation, principalPlaceOfBusiness, owners, ultimateParent, smallBusiness } = org;
    return { version: org.version as number, organization: { name, countryOfIncorporation, principalPlaceOfBusiness, owners, ultimateParent, smallBusiness } };
  }

  async function lastAudit(action: string, entityId: string) {
    const row = await db()
      .selectFrom('audit_events')
      .select(['data_json', 'actor_id'])
      .where('action', '=', action)
      .where('entity_id', '=', entityId)
      .orderBy('seq', 'desc')
      .executeTakeFirst();
    return row ? { ...row, data: JSON.parse(row.data_json) } : undefined;
  }

  it('a member moving to CN with 80 % CN ownership opens an amendment, tells the program office, is audited — and the catalog shows it only once approved', async () => {
    const id = await proposalIdByTitle(ASEAN_TITLE);
    const member = await h().login('member@merlion.example');
    const po = await h().login(PO);
    const anon = inject(h().app, '', '');
    const pkgUrl = `/api/v1/proposals/${id}/package`;
    expect((await po.get(pkgUrl)).body.state).toBe('active');
    const catalogBefore = (await anon.get(`/api/v1/public/catalog/${id}`)).body;
    expect(catalogBefore.consortium.members).toContainEqual({ name: 'Merlion Data Pte. Ltd.', country: 'SG' });
    const poNotesBefore = (await po.get('/api/v1/notifications')).body.items.length;

    const input = await orgInput(member, 'org-merlion');
    const res = await member.put('/api/v1/organizations/org-merlion', {
      version: input.version,
      organization: {
        ...input.organization,
        countryOfIncorporation: 'CN',
        principalPlaceOfBusiness: 'CN',
        owners: [
          { name: 'Shenzhen Harbour Capital', country: 'CN', percent: 80 },
          { name: 'Merlion Holdings', country: 'SG', percent: 20 },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.countryOfConcern.concern).toBe(true);

    // The package waits for re-review, with the facts before and after and the concern said explicitly.
    const pkg = (await po.get(pkgUrl)).body;
    expect(pkg.state).toBe('amendment_pending');
    const pending = pkg.amendments.filter((a: { status: string }) => a.status === 'pending');
    expect(pending).toHaveLength(1);
    const a = pending[0];
    expect(a.kinds).toEqual(['member_facts']);
    expect(a.description).toContain('Merlion Data Pte. Ltd.');
    expect(a.description).toContain('country of incorporation: SG → CN');
    expect(a.description).toContain('Shenzhen Harbour Capital (CN) 80 %');
    expect(a.description).toContain('now OF CONCERN');
    expect(a.memberChange).toMatchObject({
      orgId: 'org-merlion',
      changed: ['countryOfIncorporation', 'principalPlaceOfBusiness', 'owners'],
      before: { countryOfIncorporation: 'SG', owners: [{ name: 'Merlion Holdings', country: 'SG', percent: 100 }] },
      after: { countryOfIncorporation: 'CN' },
      countryOfConcern: { before: { concern: false }, after: { concern: true }, becameOfConcern: true },
    });

    // The program office is told, with the concern in the text.
    const poNotes = (await po.get('/api/v1/notifications')).body.items;
    expect(poNotes.length).toBe(poNotesBefore + 1);
    const note = poNotes.find((n: { kind: string; text: string }) => n.kind === 'amendment_requested' && n.text.includes('Merlion Data Pte. Ltd.'));
    expect(note?.text).toContain('OF CONCERN');
    expect(note?.link).toBe(`/proposals/${id}`);

    // Audited: the organization's update with what changed, and the amendment as a system step.
    expect((await lastAudit('organization.updated', 'org-merlion'))?.data.screenedFactsChanged).toEqual(['countryOfIncorporation', 'principalPlaceOfBusiness', 'owners']);
    const opened = await lastAudit('package.amendment_requested', id);
    expect(opened?.data).toMatchObject({ kinds: ['member_facts'], system: true, data: { kind: 'member_facts', orgId: 'org-merlion' } });
    const merlionUser = await db().selectFrom('users').select('id').where('email', '=', 'member@merlion.example').executeTakeFirstOrThrow();
    expect(opened?.actor_id).toBe(merlionUser.id);

    // The public catalog still shows the member as designated: CN is not a reviewed fact yet.
    const listed = (await anon.get(`/api/v1/public/catalog/${id}`)).body;
    expect(listed.consortium.members).toContainEqual({ name: 'Merlion Data Pte. Ltd.', country: 'SG' });
    expect(listed.consortium.members.some((m: { country: string }) => m.country === 'CN')).toBe(false);
    const search = (await anon.get('/api/v1/public/catalog?q=Merlion')).body;
    expect(search.items.find((e: { id: string }) => e.id === id).consortium.members).toContainEqual({ name: 'Merlion Data Pte. Ltd.', country: 'SG' });

    // Once the program office approves the re-review, the catalog shows the reviewed change.
    const decided = await po.post(`${pkgUrl}/amendments/${a.id}/decision`, { approve: true, note: 'Re-reviewed the ownership change.' });
    expect(decided.status).toBe(200);
    expect(decided.body.state).toBe('active');
    expect((await anon.get(`/api/v1/public/catalog/${id}`)).body.consortium.members).toContainEqual({ name: 'Merlion Data Pte. Ltd.', country: 'CN' });
  });

  it('a change of a fact screening does not read (small business) opens nothing; a rename of the same member does', async () => {
    const id = await proposalIdByTitle(ASEAN_TITLE);
    const member = await h().login('member@kestrel.example');
    const before = await counts(id);
    const input = await orgInput(member, 'org-kestrel');
    const res = await member.put('/api/v1/organizations/org-kestrel', { version: input.version, organization: { ...input.organization, smallBusiness: !input.organization.smallBusiness } });
    expect(res.status).toBe(200);
    const after = await counts(id);
    expect(after.amendments).toBe(before.amendments);
    expect(after.notifications).toBe(before.notifications);
    expect(after.audit).toBe(before.audit + 1); // the organization's update only
    expect((await lastAudit('organization.updated', 'org-kestrel'))?.data.screenedFactsChanged).toEqual([]);

    // Reordering the owners changes nothing either; a new legal name does.
    const renamed = await member.put('/api/v1/organizations/org-kestrel', { version: res.body.version, organization: { ...input.organization, name: 'Kestrel Cyber Holdings LLC' } });
    expect(renamed.status).toBe(200);
    const pkg = (await h().login(PO).then((po) => po.get(`/api/v1/proposals/${id}/package`))).body;
    const rename = pkg.amendments.find((a: { status: string; memberChange?: { orgId: string } }) => a.status === 'pending' && a.memberChange?.orgId === 'org-kestrel');
    expect(rename?.memberChange.changed).toEqual(['name']);
    expect(rename?.description).toContain('legal name: Kestrel Cyber LLC → Kestrel Cyber Holdings LLC');
    expect(rename?.description).not.toContain('OF CONCERN');
    // The catalog keeps the designated name until the rename is approved.
    const anon = inject(h().app, '', '');
    const names = (await anon.get(`/api/v1/public/catalog/${id}`)).body.consortium.members.map((m: { name: string }) => m.name);
    expect(names).toContain('Kestrel Cyber LLC');
    expect(names).not.toContain('Kestrel Cyber Holdings LLC');
  });

  it('a member of a consortium whose proposal is still under review: the proposal is flagged to the program office and audited', async () => {
    const gulf = await db()
      .selectFrom('proposals')
      .innerJoin('consortia', 'consortia.id', 'proposals.consortium_id')
      .select(['proposals.id', 'proposals.state'])
      .where('consortia.name', '=', 'Gulf Sovereign AI Cloud Consortium')
      .executeTakeFirstOrThrow();
    expect(gulf.state).toBe('eligibility_screening');
    const member = await h().login('member@falcon.example');
    const po = await h().login(PO);
    const input = await orgInput(member, 'org-falcon');
    const res = await member.put('/api/v1/organizations/org-falcon', {
      version: input.version,
      organization: { ...input.organization, ultimateParent: { name: 'Beijing Falcon Group', country: 'CN' } },
    });
    expect(res.status).toBe(200);
    const flagged = await lastAudit('proposal.member_facts_changed', gulf.id);
    expect(flagged?.data).toMatchObject({ system: true, memberChange: { orgId: 'org-falcon', changed: ['ultimateParent'], countryOfConcern: { becameOfConcern: true } } });
    const note = (await po.get('/api/v1/notifications')).body.items.find((n: { kind: string; link: string }) => n.kind === 'member_facts_changed' && n.link === `/proposals/${gulf.id}`);
    expect(note?.text).toContain('ultimate parent: none → Beijing Falcon Group (CN)');
    expect(note?.text).toContain('now OF CONCERN');
  });

  it('an organization in no consortium opens nothing, though its change is recorded', async () => {
    const anchor = await h().login('anchor@northstar.example');
    const before = await counts();
    const input = await orgInput(anchor, 'org-northstar');
    const res = await anchor.put('/api/v1/organizations/org-northstar', {
      version: input.version,
      organization: { ...input.organization, countryOfIncorporation: 'CN', owners: [{ name: 'Shenzhen Harbour Capital', country: 'CN', percent: 80 }] },
    });
    expect(res.status).toBe(200);
    expect(res.body.countryOfConcern.concern).toBe(true);
    const after = await counts();
    expect(after.amendments).toBe(before.amendments);
    expect(after.notifications).toBe(before.notifications);
    expect(after.audit).toBe(before.audit + 1);
    expect((await lastAudit('organization.updated', 'org-northstar'))?.data.screenedFactsChanged).toEqual(['countryOfIncorporation', 'owners']);
  });

  it('bad input, a stale version and another company’s user: refused, and nothing is written', async () => {
    const id = await proposalIdByTitle(ASEAN_TITLE);
    const member = await h().login('member@merlion.example');
    const other = await h().login('member@kestrel.example');
    const stranger = await h().login('anchor@northstar.example');
    const input = await orgInput(member, 'org-merlion');
    const before = await counts(id);
    const cn = { ...input.organization, countryOfIncorporation: 'CN' };
    expectProblem(await member.put('/api/v1/organizations/org-merlion', { version: input.version, organization: { ...cn, owners: [{ name: 'A', country: 'CN', percent: 80 }, { name: 'B', country: 'CN', percent: 80 }] } }), 400, 'VALIDATION_FAILED');
    expectProblem(await member.put('/api/v1/organizations/org-merlion', { version: input.version, organization: { ...cn, countryOfIncorporation: 'China' } }), 400, 'VALIDATION_FAILED');
    expectProblem(await member.put('/api/v1/organizations/org-merlion', { version: input.version, organization: { ...cn, phone: '+65 6000 0000' } }), 400, 'VALIDATION_FAILED');
    expectProblem(await member.put('/api/v1/organizations/org-merlion', { organization: cn }), 400, 'VALIDATION_FAILED');
    expectProblem(await member.put('/api/v1/organizations/org-merlion', { version: input.version + 5, organization: cn }), 409, 'VERSION_CONFLICT');
    expectProblem(await other.put('/api/v1/organizations/org-merlion', { version: input.version, organization: cn }), 403, 'FORBIDDEN');
    expectProblem(await stranger.put('/api/v1/organizations/org-merlion', { version: input.version, organization: cn }), 404, 'NOT_FOUND');
    expect(await counts(id)).toEqual(before);
    expect((await orgInput(member, 'org-merlion')).version).toBe(input.version);
  });
});
