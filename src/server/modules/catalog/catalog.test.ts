// The public catalog over HTTP, on both databases: typo-tolerant search, countries in name order,
// the detail answer's public fields, and the buyer's registration (reference, confirmation, who is told).
import { expect, it } from 'vitest';
import { countryName } from '../../../shared/reference/geography.ts';
import { expectProblem } from '../../test/expect-problem.ts';
import { createProposal, PROGRAM_OFFICER, RECOMMENDATION_RATIONALE, session, SUPPORT_AMOUNT_USD, uniqueWord } from '../../test/factories.ts';
import { describeEachDb, inject, type Client, type Harness } from '../../test/harness.ts';

const ASEAN_TITLE = 'Digital Government AI for ASEAN Ministries';
const ENTRY_FIELDS = ['id', 'title', 'description', 'consortium', 'layers', 'sectors', 'countries', 'regions', 'blocs', 'designatedAt', 'blocNames', 'translation', 'profile'];

const anonymous = (h: Harness) => inject(h.app, '', '');
const idsOf = (body: { items: { id: string }[] }) => body.items.map((e) => e.id);

async function aseanId(h: Harness): Promise<string> {
  const all = (await anonymous(h).get('/api/v1/public/catalog')).body;
  return all.items.find((e: { title: string }) => e.title === ASEAN_TITLE).id;
}

async function notificationsOf(h: Harness, email: string): Promise<{ text: string; link: string | null; kind: string }[]> {
  return (await (await session(h, email)).get('/api/v1/notifications')).body.items;
}

const interest = (overrides: Record<string, unknown> = {}) => ({
  buyerName: 'Department of Information and Communications Technology',
  buyerKind: 'government',
  country: 'PH',
  contactEmail: 'ai-office@dict.example',
  requirements: { dataResidency: 'In-country', languages: ['en', 'fil'], scale: '12 agencies', timeline: '2027' },
  ...overrides,
});

describeEachDb('the public catalog', (h) => {
  it('search tolerates typos: a misspelt country or title word finds the package, an unrelated word does not', async () => {
    const anon = anonymous(h());
    const asean = await aseanId(h());
    const search = async (q: string) => idsOf((await anon.get(`/api/v1/public/catalog?q=${encodeURIComponent(q)}`)).body);
    // One letter missing from a target country's name; the right spelling; an alias of another.
    expect(await search('philipines')).toContain(asean);
    expect(await search('Philippines')).toContain(asean);
    expect(await search('Viet Nam')).toContain(asean);
    expect(await search('Burma')).toContain(asean);
    // A typo in a title word, a word's beginning, two words in any order with stop words.
    expect(await search('goverment')).toContain(asean);
    expect(await search('ministr')).toContain(asean);
    expect(await search('the ministries of thailand')).toContain(asean);
    expect(await search('ASEEN')).toContain(asean);
    // Too far from any word, or one word of the query matching nothing: no match.
    expect(await search('xylophone')).toEqual([]);
    expect(await search('philipines zebra')).toEqual([]);
    expect(await search('gvrnmnt')).toEqual([]);
  });

  it('a search combines with the filters', async () => {
    const anon = anonymous(h());
    const asean = await aseanId(h());
    expect(idsOf((await anon.get('/api/v1/public/catalog?q=philipines&country=PH')).body)).toEqual([asean]);
    expect(idsOf((await anon.get('/api/v1/public/catalog?q=philipines&country=BR')).body)).toEqual([]);
    expect(idsOf((await anon.get('/api/v1/public/catalog?q=philipines&sector=agriculture')).body)).toEqual([]);
  });

  it('target countries come in the order of their names', async () => {
    const entry = (await anonymous(h()).get(`/api/v1/public/catalog/${await aseanId(h())}`)).body;
    const names = entry.countries.map(countryName);
    expect(names).toContain('Philippines');
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b, 'en')));
    // Myanmar's code sorts before the Philippines' but its name after Malaysia's, before Singapore's.
    expect(names.indexOf('Myanmar (Burma)')).toBeGreaterThan(names.indexOf('Malaysia'));
  });

  it('the detail answer of a package carries public fields only; a proposal not designated has none', async () => {
    const word = uniqueWord('detail');
    const { id, anchor } = await createProposal(h(), 'designated', { markets: ['CL', 'UY'], title: `Port logistics AI ${word}` });
    const draft = await createProposal(h(), 'draft', { markets: ['CL'] });
    const anon = anonymous(h());
    const res = await anon.get(`/api/v1/public/catalog/${id}`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual([...ENTRY_FIELDS].sort());
    expect(Object.keys(res.body.consortium).sort()).toEqual(['members', 'name']);
    for (const m of res.body.consortium.members) expect(Object.keys(m).sort()).toEqual(['country', 'name']);
    expect(res.body.countries).toEqual(['CL', 'UY']);
    // What the consortium wrote for the reviewers, and what the review found, stays inside.
    const proposal = (await anchor.get(`/api/v1/proposals/${id}`)).body;
    const text = JSON.stringify(res.body);
    for (const secret of ['amountUsd', 'unitValueUsd', 'usOriginShare', 'usContent', 'supplier', 'orgId', 'org-', 'rationale', 'scores', String(SUPPORT_AMOUNT_USD), RECOMMENDATION_RATIONALE, proposal.summary]) {
      expect(text).not.toContain(secret);
    }
    expect(proposal.package.components.length).toBeGreaterThan(0);
    for (const c of proposal.package.components) expect(text).not.toContain(c.name);
    expectProblem(await anon.get(`/api/v1/public/catalog/${draft.id}`), 404, 'NOT_FOUND');
    expectProblem(await anon.get('/api/v1/public/catalog/no-such-package'), 404, 'NOT_FOUND');
  });

  it('a buyer gets a reference and a confirmation; the program office and the consortium are told, other companies are not', async () => {
    const asean = await aseanId(h());
    const res = await anonymous(h()).post(`/api/v1/public/catalog/${asean}/interest`, interest());
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), reference: expect.stringMatching(/^EOI-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/), received: true });
    const { reference } = res.body;

    const po = await session(h(), PROGRAM_OFFICER);
    const listed = (await po.get('/api/v1/buyer-interests')).body.items.find((i: { id: string }) => i.id === res.body.id);
    expect(listed).toMatchObject({ reference, proposalId: asean, buyerName: interest().buyerName, contactEmail: 'ai-office@dict.example' });
    expect((await notificationsOf(h(), PROGRAM_OFFICER)).find((n) => n.text.includes(reference))).toMatchObject({ kind: 'buyer_interest', link: '/' });

    // Every company of the ASEAN consortium: the buyer and the reference, not the buyer's contact.
    for (const email of ['anchor@cascade.example', 'member@kestrel.example', 'member@merlion.example']) {
      const told = (await notificationsOf(h(), email)).find((n) => n.text.includes(reference));
      expect(told, email).toMatchObject({ kind: 'buyer_interest', link: `/proposals/${asean}` });
      expect(told!.text).toContain('Department of Information and Communications Technology (Philippines)');
      expect(told!.text).not.toContain('ai-office@dict.example');
    }
    for (const email of ['anchor@harborhealth.example', 'anchor@northstar.example']) {
      expect((await notificationsOf(h(), email)).some((n) => n.text.includes(reference)), email).toBe(false);
    }
  });

  it('a refused registration writes nothing and tells no one', async () => {
    const asean = await aseanId(h());
    const po = await session(h(), PROGRAM_OFFICER);
    const count = async (c: Client, url: string) => (await c.get(url)).body.items.length;
    const before = { interests: await count(po, '/api/v1/buyer-interests'), anchor: (await notificationsOf(h(), 'anchor@cascade.example')).length };
    const anon = anonymous(h());
    const bad = await anon.post(`/api/v1/public/catalog/${asean}/interest`, interest({ buyerName: '', country: 'ZZ', contactEmail: 'not-an-email' }));
    expectProblem(bad, 400, 'VALIDATION_FAILED');
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['buyerName', 'contactEmail', 'country']);
    expectProblem(await anon.post(`/api/v1/public/catalog/${asean}/interest`, interest({ extra: 'field' })), 400, 'VALIDATION_FAILED');
    expectProblem(await anon.post('/api/v1/public/catalog/no-such-package/interest', interest()), 404, 'NOT_FOUND');
    expect(await count(po, '/api/v1/buyer-interests')).toBe(before.interests);
    expect((await notificationsOf(h(), 'anchor@cascade.example')).length).toBe(before.anchor);
  });
});
