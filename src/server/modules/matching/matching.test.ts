// Package profiles and translations over HTTP, on both databases: the anchor of a designated
// package declares them (audited, versioned), other members and other consortia cannot, a package
// not designated cannot; the public catalog shows them in the reader's language and searches them.
// Then the matches: a buyer's requirements against the catalog, ranked and explained; a package's
// matched buyers, named only with their consent; a buyer whose screening is not clear gets none.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { expectProblem } from '../../test/expect-problem.ts';
import { addRequirement, signUpBuyer } from '../../test/buyer-factories.ts';
import { createProposal, must, PROGRAM_OFFICER, session, SUPPORT_AMOUNT_USD, uniqueWord } from '../../test/factories.ts';
import { describeEachDb, inject, type Harness } from '../../test/harness.ts';

const ASEAN_TITLE = 'Digital Government AI for ASEAN Ministries';
const ASEAN_ANCHOR = 'anchor@cascade.example';
const ASEAN_MEMBER = 'member@kestrel.example';

const anonymous = (h: Harness) => inject(h.app, '', '');

async function aseanId(h: Harness): Promise<string> {
  const all = (await anonymous(h).get('/api/v1/public/catalog')).body;
  return all.items.find((e: { title: string }) => e.title === ASEAN_TITLE).id;
}

const profile = (over: Record<string, unknown> = {}) => ({
  deployments: ['sovereign_cloud', 'on_premises'],
  dataResidency: ['in_country'],
  modelLicensing: ['open_weight'],
  languages: ['en', 'fil', 'th'],
  budgetMinUsd: 5_000_000,
  budgetMaxUsd: 30_000_000,
  deliveryMonths: 9,
  financing: ['EXIM', 'DFC'],
  ...over,
});

async function countRows(h: Harness, table: 'package_profiles' | 'package_translations' | 'audit_events'): Promise<number> {
  return Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(h.deps.db.db)).rows[0]!.n);
}

/** A designated package of its own, so tests do not depend on each other's profile. */
async function designated(h: Harness) {
  return createProposal(h, 'designated', { markets: ['KE', 'TZ'], title: `Lake Victoria logistics AI ${uniqueWord('pf')}` });
}

describeEachDb('package profiles and translations', (h) => {
  it('the anchor declares a profile; it is versioned, audited and public on the catalog', async () => {
    const { id, anchor } = await designated(h());
    const empty = (await anchor.get(`/api/v1/proposals/${id}/profile`)).body;
    expect(empty).toEqual({ proposalId: id, profile: null, version: 0, updatedAt: null, canEdit: true });
    expect((await anonymous(h()).get(`/api/v1/public/catalog/${id}`)).body.profile).toBeNull();

    const audits = await countRows(h(), 'audit_events');
    const res = await anchor.put(`/api/v1/proposals/${id}/profile`, { ...profile({ languages: ['en', 'sw', 'en'] }), version: 0 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 1, canEdit: true, profile: profile({ languages: ['en', 'sw'] }) });
    expect(await countRows(h(), 'audit_events')).toBe(audits + 1);

    // A second writer with the version it read first is refused, and nothing changes.
    const next = await anchor.put(`/api/v1/proposals/${id}/profile`, { ...profile({ deliveryMonths: 12 }), version: 1 });
    expect(next.body.version).toBe(2);
    const stale = await anchor.put(`/api/v1/proposals/${id}/profile`, { ...profile({ deliveryMonths: 3 }), version: 1 });
    expectProblem(stale, 409, 'VERSION_CONFLICT');
    expect(stale.body.currentVersion).toBe(2);
    expectProblem(await anchor.put(`/api/v1/proposals/${id}/profile`, { ...profile(), version: 0 }), 409, 'VERSION_CONFLICT');

    const entry = (await anonymous(h()).get(`/api/v1/public/catalog/${id}`)).body;
    expect(entry.profile).toEqual(profile({ deliveryMonths: 12 }));
    // Others who read the proposal, and the program office, read the profile but may not change it.
    const po = await session(h(), PROGRAM_OFFICER);
    expect((await po.get(`/api/v1/proposals/${id}/profile`)).body).toMatchObject({ version: 2, canEdit: false });
  });

  it('bad input is refused whole and writes nothing', async () => {
    const { id, anchor } = await designated(h());
    const before = await countRows(h(), 'package_profiles');
    const bad = await anchor.put(`/api/v1/proposals/${id}/profile`, { ...profile({ deployments: ['in_the_cloud'], languages: ['English'], budgetMinUsd: 10, budgetMaxUsd: 5, deliveryMonths: 0, financing: ['NASA'] }), version: 0 });
    expectProblem(bad, 400, 'VALIDATION_FAILED');
    const paths = bad.body.errors.map((e: { path: string }) => e.path.split('.')[0]).sort();
    expect(paths).toEqual(expect.arrayContaining(['deliveryMonths', 'deployments', 'financing', 'languages']));
    const inverted = await anchor.put(`/api/v1/proposals/${id}/profile`, { ...profile({ budgetMinUsd: 10, budgetMaxUsd: 5 }), version: 0 });
    expectProblem(inverted, 400, 'VALIDATION_FAILED');
    expect(inverted.body.errors.map((e: { path: string }) => e.path)).toEqual(['budgetMaxUsd']);
    expectProblem(await anchor.put(`/api/v1/proposals/${id}/profile`, { ...profile(), version: 0, extra: 1 }), 400, 'VALIDATION_FAILED');
    expectProblem(await anchor.put(`/api/v1/proposals/${id}/translations/fr`, { title: 'Logistique\u0000', summary: 'Résumé' }), 400, 'INVALID_CHARACTERS');
    expectProblem(await anchor.put(`/api/v1/proposals/${id}/translations/fr`, { title: '\u202Eevil', summary: 'Résumé' }), 400, 'INVALID_CHARACTERS');
    expectProblem(await anchor.put(`/api/v1/proposals/${id}/translations/fr`, { title: '\u200B ', summary: 'Résumé' }), 400, 'INVALID_CHARACTERS');
    expectProblem(await anchor.put(`/api/v1/proposals/${id}/translations/fr`, { title: 'Titre', summary: '   ' }), 400, 'VALIDATION_FAILED');
    expectProblem(await anchor.put(`/api/v1/proposals/${id}/translations/fr`, { title: 'T', summary: 'x'.repeat(4001) }), 400, 'VALIDATION_FAILED');
    expectProblem(await anchor.put(`/api/v1/proposals/${id}/translations/de`, { title: 'Logistik', summary: 'Zusammenfassung' }), 400, 'VALIDATION_FAILED');
    expectProblem(await anchor.put(`/api/v1/proposals/${id}/translations/en`, { title: 'Logistics', summary: 'Summary' }), 400, 'VALIDATION_FAILED');
    expect(await countRows(h(), 'package_profiles')).toBe(before);
    expect((await anchor.get(`/api/v1/proposals/${id}/translations`)).body.items).toEqual([]);
  });

  it('another member may read but not change; another consortium gets 404; a package not designated 409', async () => {
    const asean = await aseanId(h());
    const member = await session(h(), ASEAN_MEMBER);
    expect((await member.get(`/api/v1/proposals/${asean}/profile`)).body.canEdit).toBe(false);
    expectProblem(await member.put(`/api/v1/proposals/${asean}/profile`, { ...profile(), version: 0 }), 403, 'FORBIDDEN');
    expectProblem(await member.put(`/api/v1/proposals/${asean}/translations/fr`, { title: 'Titre', summary: 'Résumé' }), 403, 'FORBIDDEN');
    expectProblem(await member.delete(`/api/v1/proposals/${asean}/translations/fr`), 403, 'FORBIDDEN');

    // The factory anchor belongs to another consortium: the ASEAN proposal does not exist for it.
    const draft = await createProposal(h(), 'draft', { markets: ['KE'] });
    expectProblem(await draft.anchor.put(`/api/v1/proposals/${asean}/profile`, { ...profile(), version: 0 }), 404, 'NOT_FOUND');
    expectProblem(await draft.anchor.put(`/api/v1/proposals/${asean}/translations/es`, { title: 'Título', summary: 'Resumen' }), 404, 'NOT_FOUND');
    // A package on the catalog is public: its profile and translations read as the catalog shows them.
    expect((await draft.anchor.get(`/api/v1/proposals/${asean}/profile`)).body.canEdit).toBe(false);
    // Its own draft: not designated.
    expectProblem(await draft.anchor.put(`/api/v1/proposals/${draft.id}/profile`, { ...profile(), version: 0 }), 409, 'INVALID_STATE');
    expectProblem(await draft.anchor.put(`/api/v1/proposals/${draft.id}/translations/fr`, { title: 'Titre', summary: 'Résumé' }), 409, 'INVALID_STATE');
    expect((await draft.anchor.get(`/api/v1/proposals/${draft.id}/profile`)).body).toMatchObject({ profile: null, canEdit: false });
    // Someone else's draft is not on the catalog: 404.
    expectProblem(await member.get(`/api/v1/proposals/${draft.id}/profile`), 404, 'NOT_FOUND');
    expectProblem(await member.get(`/api/v1/proposals/${draft.id}/translations`), 404, 'NOT_FOUND');
    expectProblem(await anonymous(h()).get(`/api/v1/proposals/${asean}/profile`), 401, 'UNAUTHENTICATED');
  });

  it('translations: the anchor writes, replaces and removes them; the catalog shows the one asked for and searches it', async () => {
    const { id, anchor, title } = await designated(h());
    const fr = { title: 'IA logistique du lac Victoria', summary: 'Planification portuaire et suivi des cargaisons pour les ministères des transports.' };
    const ar = { title: 'ذكاء اصطناعي للوجستيات بحيرة فيكتوريا', summary: 'تخطيط الموانئ وتتبع الشحنات لوزارات النقل.' };
    const saved = await anchor.put(`/api/v1/proposals/${id}/translations/fr`, fr);
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ locale: 'fr', ...fr, updatedAt: expect.any(String) });
    expect((await anchor.put(`/api/v1/proposals/${id}/translations/ar`, ar)).status).toBe(200);
    expect((await anchor.put(`/api/v1/proposals/${id}/translations/fr`, { ...fr, title: 'IA logistique — lac Victoria' })).body.title).toBe('IA logistique — lac Victoria');
    const list = (await anchor.get(`/api/v1/proposals/${id}/translations`)).body;
    expect(list.canEdit).toBe(true);
    expect(list.items.map((t: { locale: string }) => t.locale)).toEqual(['ar', 'fr']);

    const anon = anonymous(h());
    const inFrench = (await anon.get(`/api/v1/public/catalog/${id}?lang=fr`)).body;
    expect(inFrench.title).toBe(title);
    expect(inFrench.translation).toEqual({ locale: 'fr', title: 'IA logistique — lac Victoria', description: fr.summary, providedBy: 'consortium' });
    expect((await anon.get(`/api/v1/public/catalog/${id}?lang=ar`)).body.translation.title).toBe(ar.title);
    expect((await anon.get(`/api/v1/public/catalog/${id}?lang=en`)).body.translation).toBeNull();
    expect((await anon.get(`/api/v1/public/catalog/${id}?lang=es`)).body.translation).toBeNull();
    expect((await anon.get(`/api/v1/public/catalog/${id}`)).body.translation).toBeNull();
    expectProblem(await anon.get(`/api/v1/public/catalog/${id}?lang=de`), 400, 'VALIDATION_FAILED');

    // The search reads the translation of the language asked for.
    const ids = async (q: string, lang?: string) => (await anon.get(`/api/v1/public/catalog?q=${encodeURIComponent(q)}${lang ? `&lang=${lang}` : ''}`)).body.items.map((e: { id: string }) => e.id);
    expect(await ids('cargaisons', 'fr')).toEqual([id]);
    expect(await ids('cargaisons')).toEqual([]);
    const listed = (await anon.get('/api/v1/public/catalog?lang=fr')).body.items.find((e: { id: string }) => e.id === id);
    expect(listed.translation.locale).toBe('fr');

    expect((await anchor.delete(`/api/v1/proposals/${id}/translations/fr`)).status).toBe(204);
    expectProblem(await anchor.delete(`/api/v1/proposals/${id}/translations/fr`), 404, 'NOT_FOUND');
    expect((await anon.get(`/api/v1/public/catalog/${id}?lang=fr`)).body.translation).toBeNull();
  });

  it('the catalog entry stays an allow-list: a marker in confidential fields never appears beside the profile', async () => {
    const { id, anchor } = await designated(h());
    await anchor.put(`/api/v1/proposals/${id}/profile`, { ...profile(), version: 0 });
    await anchor.put(`/api/v1/proposals/${id}/translations/es`, { title: 'IA logística', summary: 'Planificación portuaria.' });
    const proposal = (await anchor.get(`/api/v1/proposals/${id}`)).body;
    for (const lang of ['es', 'en']) {
      const text = JSON.stringify((await anonymous(h()).get(`/api/v1/public/catalog/${id}?lang=${lang}`)).body);
      for (const secret of ['amountUsd', 'unitValueUsd', 'usContent', 'updated_by', 'updatedBy', 'version', String(SUPPORT_AMOUNT_USD), proposal.summary]) expect(text).not.toContain(secret);
    }
  });
});

interface MatchItem {
  proposalId: string;
  title: string;
  translation: { title: string } | null;
  score: number;
  fit: string;
  reasons: { criterion: string; outcome: string; wanted: unknown[]; offered: unknown[] }[];
}

describeEachDb('matching buyers and packages', (h) => {
  it('a buyer gets its requirements’ matches, ranked with a reason per criterion; another buyer’s requirement is 404', async () => {
    const asean = await aseanId(h());
    const cascade = await session(h(), ASEAN_ANCHOR);
    const current = (await cascade.get(`/api/v1/proposals/${asean}/profile`)).body.version;
    must(await cascade.put(`/api/v1/proposals/${asean}/profile`, { ...profile({ languages: ['en', 'fr', 'km', 'th'] }), version: current }), 200, 'ASEAN profile');
    must(await cascade.put(`/api/v1/proposals/${asean}/translations/fr`, { title: 'IA pour les ministères de l’ASEAN', summary: 'Nuage gouvernemental souverain.' }), 200, 'ASEAN in French');
    const african = await designated(h());

    const buyer = await signUpBuyer(h(), { name: `Ministry of Posts ${uniqueWord('mp')}`, country: 'KH' });
    const inCambodia = await addRequirement(buyer.client, { country: 'KH' });
    const inKenya = await addRequirement(buyer.client, { country: 'KE', layers: ['application'], shareWithConsortia: false });

    const all = must(await buyer.client.get('/api/v1/buyer/matches?lang=fr'), 200, 'matches').body as { items: { requirement: { id: string }; matches: MatchItem[] }[] };
    expect(all.items.map((i) => i.requirement.id).sort()).toEqual([inCambodia.id, inKenya.id].sort());
    const cambodia = all.items.find((i) => i.requirement.id === inCambodia.id)!;
    const aseanMatch = cambodia.matches.find((m) => m.proposalId === asean)!;
    expect(aseanMatch.translation?.title).toBe('IA pour les ministères de l’ASEAN');
    expect(aseanMatch.reasons.map((r) => r.criterion)).toEqual(['country', 'sector', 'layers', 'deployment', 'dataResidency', 'modelLicensing', 'languages', 'budget', 'timeline', 'financing']);
    expect(aseanMatch.reasons.find((r) => r.criterion === 'country')).toEqual({ criterion: 'country', outcome: 'met', wanted: ['KH'], offered: ['KH'] });
    expect(aseanMatch.reasons.find((r) => r.criterion === 'languages')!.outcome).toBe('met');
    expect(aseanMatch.fit).toBe('strong');
    // A package for East Africa does not reach Cambodia or its region: no match. Best first.
    expect(cambodia.matches.some((m) => m.proposalId === african.id)).toBe(false);
    const scores = cambodia.matches.map((m) => m.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const kenya = all.items.find((i) => i.requirement.id === inKenya.id)!;
    expect(kenya.matches.map((m) => m.proposalId)).toContain(african.id);
    expect(kenya.matches.map((m) => m.proposalId)).not.toContain(asean);
    // Undeclared facts are unknown, not missed.
    expect(kenya.matches.find((m) => m.proposalId === african.id)!.reasons.find((r) => r.criterion === 'deployment')!.outcome).toBe('unknown');

    const one = must(await buyer.client.get(`/api/v1/buyer/requirements/${inCambodia.id}/matches?lang=fr`), 200, 'one requirement').body;
    expect(one).toEqual({ requirement: { id: inCambodia.id, title: inCambodia.title, country: 'KH' }, matches: cambodia.matches });
    expect((await buyer.client.get(`/api/v1/buyer/requirements/${inCambodia.id}/matches`)).body.matches.find((m: MatchItem) => m.proposalId === asean).translation).toBeNull();

    const other = await signUpBuyer(h(), { name: `Other Ministry ${uniqueWord('om')}`, country: 'LA' });
    expectProblem(await other.client.get(`/api/v1/buyer/requirements/${inCambodia.id}/matches`), 404, 'NOT_FOUND');
    expect((await other.client.get('/api/v1/buyer/matches')).body.items).toEqual([]);
    expectProblem(await cascade.get('/api/v1/buyer/matches'), 403, 'FORBIDDEN');
    expectProblem(await buyer.client.get('/api/v1/buyer/matches?lang=de'), 400, 'VALIDATION_FAILED');
  });

  it('a buyer whose screening is not clear gets no matches', async () => {
    const listed = await signUpBuyer(h(), { name: '140 Repair Plant JSC', country: 'BY', kind: 'state_owned' });
    expectProblem(await listed.client.get('/api/v1/buyer/matches'), 403, 'BUYER_SCREENING_BLOCKED');
    expectProblem(await listed.client.get('/api/v1/buyer/requirements/any/matches'), 403, 'BUYER_SCREENING_BLOCKED');
  });

  it('a consortium sees the buyers its package fits, named only with their consent; others are refused', async () => {
    const african = await designated(h());
    const buyerName = `Kenya ICT Authority ${uniqueWord('ke')}`;
    const buyer = await signUpBuyer(h(), { name: buyerName, country: 'KE', kind: 'state_owned' });
    const secret = await addRequirement(buyer.client, { country: 'KE', title: `Confidential platform ${uniqueWord('cp')}`, shareWithConsortia: false });
    const open = await addRequirement(buyer.client, { country: 'TZ', title: `Open platform ${uniqueWord('op')}`, shareWithConsortia: true });

    const res = must(await african.anchor.get(`/api/v1/proposals/${african.id}/buyer-matches`), 200, 'package matches').body as { items: { requirementId: string; requirementTitle: string | null; buyer: Record<string, unknown>; score: number }[] };
    const hidden = res.items.find((i) => i.requirementId === secret.id)!;
    expect(hidden.requirementTitle).toBeNull();
    expect(hidden.buyer).toEqual({ anonymous: true, country: 'KE', kind: 'state_owned' });
    const named = res.items.find((i) => i.requirementId === open.id)!;
    expect(named).toMatchObject({ requirementTitle: open.title, buyer: { name: buyerName, country: 'KE', kind: 'state_owned' } });
    const text = JSON.stringify(hidden);
    expect(text).not.toContain(buyerName);
    expect(text).not.toContain(secret.title);
    expect(res.items.map((i) => i.score)).toEqual(res.items.map((i) => i.score).sort((a, b) => b - a));

    // Members and the program office read them; another consortium's anchor does not know the package;
    // a reviewer who reads the proposal may not; a buyer is not a consortium.
    expect((await african.member.get(`/api/v1/proposals/${african.id}/buyer-matches`)).status).toBe(200);
    expect((await (await session(h(), PROGRAM_OFFICER)).get(`/api/v1/proposals/${african.id}/buyer-matches`)).status).toBe(200);
    expect((await (await session(h(), 'edag@state.example')).get(`/api/v1/proposals/${african.id}/buyer-matches`)).status).toBe(200);
    expectProblem(await (await session(h(), ASEAN_ANCHOR)).get(`/api/v1/proposals/${african.id}/buyer-matches`), 404, 'NOT_FOUND');
    expectProblem(await (await session(h(), 'auditor@oig.example')).get(`/api/v1/proposals/${african.id}/buyer-matches`), 403, 'FORBIDDEN');
    expectProblem(await buyer.client.get(`/api/v1/proposals/${african.id}/buyer-matches`), 404, 'NOT_FOUND');
    // A package not designated is matched with no one.
    const draft = await createProposal(h(), 'draft', { markets: ['KE'] });
    expectProblem(await draft.anchor.get(`/api/v1/proposals/${draft.id}/buyer-matches`), 409, 'INVALID_STATE');
  });
});
