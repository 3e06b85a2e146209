// The buyer's side over the API, on both databases: sign-up → verification → screening → workspace
// (requirements, follows, interest records); the screening gate for a listed buyer and its release
// when the alert is cleared as a false positive; another buyer's things are 404; consent in the
// consortium's view; the program office moves records along and the buyer is notified.
import { expect, it } from 'vitest';
import { expectProblem } from '../../test/expect-problem.ts';
import { addRequirement, publicPost, requirementBody, signUpBuyer, buyerSignupBody } from '../../test/buyer-factories.ts';
import { must, uniqueWord } from '../../test/factories.ts';
import { describeEachDb, inject, type Client } from '../../test/harness.ts';

describeEachDb('buyers: sign-up, screening gate, workspace', (h) => {
  const db = () => h().deps.db.db;
  let aseanId: string;

  it('setup: the designated ASEAN package is in the catalog', async () => {
    const catalog = must(await inject(h().app, '', '').get('/api/v1/public/catalog'), 200, 'catalog').body;
    aseanId = catalog.items.find((e: { title: string }) => /ASEAN/.test(e.title)).id;
    expect(aseanId).toBeTruthy();
  });

  it('signs a buyer up, screens it at once (clear), and opens the workspace: requirements CRUD', async () => {
    const b = await signUpBuyer(h(), { name: `Ministère du Numérique ${uniqueWord('kh')}`, country: 'KH', locale: 'fr' });
    const org = await db().selectFrom('organizations').selectAll().where('id', '=', b.orgId).executeTakeFirstOrThrow();
    expect(org).toMatchObject({ kind: 'buyer', buyer_kind: 'government', registration_status: 'approved', country_of_incorporation: 'KH' });
    const user = await db().selectFrom('users').selectAll().where('id', '=', b.userId).executeTakeFirstOrThrow();
    expect(JSON.parse(user.roles_json)).toEqual(['foreign_buyer']);
    expect(user.locale).toBe('fr');
    expect(user.email_verification_pending).toBe(0);

    const status = must(await b.client.get('/api/v1/buyer/status'), 200, 'status').body;
    expect(status).toEqual({ organization: { id: b.orgId, name: org.name, country: 'KH', kind: 'government' }, screening: 'clear', message: null });

    const req = await addRequirement(b.client, { title: 'Plateforme IA souveraine' });
    expect(req).toMatchObject({ title: 'Plateforme IA souveraine', country: 'KH', version: 1, shareWithConsortia: true, languages: ['fr', 'km'] });
    expect(must(await b.client.get('/api/v1/buyer/requirements'), 200, 'list').body.items.map((r: { id: string }) => r.id)).toEqual([req.id]);
    const changed = must(await b.client.put(`/api/v1/buyer/requirements/${req.id}`, { ...requirementBody({ title: 'Plateforme IA v2' }), version: 1 }), 200, 'update').body;
    expect(changed).toMatchObject({ title: 'Plateforme IA v2', version: 2 });
    expectProblem(await b.client.put(`/api/v1/buyer/requirements/${req.id}`, { ...requirementBody(), version: 1 }), 409, 'VERSION_CONFLICT');
    expect(must(await b.client.delete(`/api/v1/buyer/requirements/${req.id}`), 204, 'archive'));
    expectProblem(await b.client.get(`/api/v1/buyer/requirements/${req.id}`), 404, 'NOT_FOUND');
    expect(must(await b.client.get('/api/v1/buyer/requirements'), 200, 'list').body.items).toEqual([]);
    const row = await db().selectFrom('buyer_requirements').selectAll().where('id', '=', req.id).executeTakeFirstOrThrow();
    expect(row.archived_at).not.toBeNull();
  });

  it('refuses bad requirements with a clear 400 and writes nothing', async () => {
    const b = await signUpBuyer(h(), { name: `Bad Input Ministry ${uniqueWord('x')}`, country: 'LA' });
    const before = (await db().selectFrom('buyer_requirements').select('id').execute()).length;
    for (const [bad, path] of [
      [{ country: 'XX' }, 'country'],
      [{ budgetMinUsd: 30_000_000, budgetMaxUsd: 1_000_000 }, 'budgetMinUsd'],
      [{ languages: ['French'] }, 'languages'],
      [{ deployments: ['cloud'] }, 'deployments'],
      [{ layers: [] }, 'layers'],
      [{ timeline: 'soon' }, 'timeline'],
    ] as const) {
      const res = await b.client.post('/api/v1/buyer/requirements', { ...requirementBody(), ...bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(JSON.stringify(res.body)).toContain(path);
    }
    expect((await db().selectFrom('buyer_requirements').select('id').execute()).length).toBe(before);
    const signup = await publicPost(h(), '/api/v1/public/buyers/signup', { ...buyerSignupBody({ name: 'X', country: 'KH' }), locale: 'de' });
    expect(signup.status).toBe(400);
  });

  it('another buyer sees and changes nothing of the first one’s (404)', async () => {
    const a = await signUpBuyer(h(), { name: `Buyer A ${uniqueWord('a')}`, country: 'VN' });
    const b = await signUpBuyer(h(), { name: `Buyer B ${uniqueWord('b')}`, country: 'VN' });
    const req = await addRequirement(a.client);
    const interest = must(await a.client.post('/api/v1/buyer/interests', { proposalId: aseanId, requirementId: req.id, consentToShare: true }), 201, 'interest').body;
    expectProblem(await b.client.get(`/api/v1/buyer/requirements/${req.id}`), 404, 'NOT_FOUND');
    expectProblem(await b.client.put(`/api/v1/buyer/requirements/${req.id}`, { ...requirementBody(), version: 1 }), 404, 'NOT_FOUND');
    expectProblem(await b.client.delete(`/api/v1/buyer/requirements/${req.id}`), 404, 'NOT_FOUND');
    expectProblem(await b.client.get(`/api/v1/buyer/interests/${interest.id}`), 404, 'NOT_FOUND');
    expectProblem(await b.client.post('/api/v1/buyer/interests', { proposalId: aseanId, requirementId: req.id, consentToShare: false }), 404, 'NOT_FOUND');
    expect(must(await b.client.get('/api/v1/buyer/requirements'), 200, 'list').body.items).toEqual([]);
    expect(must(await b.client.get('/api/v1/buyer/interests'), 200, 'list').body.items).toEqual([]);
    // A company user is no buyer.
    const anchor = await h().login('anchor@cascade.example');
    expectProblem(await anchor.get('/api/v1/buyer/requirements'), 403, 'FORBIDDEN');
  });

  it('follows designated packages only', async () => {
    const b = await signUpBuyer(h(), { name: `Follower ${uniqueWord('f')}`, country: 'KH' });
    expect(must(await b.client.put(`/api/v1/buyer/follows/${aseanId}`), 204, 'follow'));
    expect(must(await b.client.put(`/api/v1/buyer/follows/${aseanId}`), 204, 'follow again'));
    const follows = must(await b.client.get('/api/v1/buyer/follows'), 200, 'follows').body.items;
    expect(follows).toEqual([{ proposalId: aseanId, title: expect.stringMatching(/ASEAN/), translation: null, followedAt: expect.any(String) }]);
    // Following is the buyer's own business: the consortium's history of its proposal does not name the buyer.
    const history = must(await (await h().login('anchor@cascade.example')).get(`/api/v1/proposals/${aseanId}/history`), 200, 'history').body;
    const seen = JSON.stringify(history);
    for (const trace of ['Follower', 'Alex Buyer', b.userId, 'buyer.follow']) expect(seen).not.toContain(trace);
    const draft = await db().selectFrom('proposals').select('id').where('state', '=', 'draft').executeTakeFirstOrThrow();
    expectProblem(await b.client.put(`/api/v1/buyer/follows/${draft.id}`), 404, 'NOT_FOUND');
    expectProblem(await b.client.put('/api/v1/buyer/follows/nope'), 404, 'NOT_FOUND');
    expect(must(await b.client.delete(`/api/v1/buyer/follows/${aseanId}`), 204, 'unfollow'));
    expect(must(await b.client.get('/api/v1/buyer/follows'), 200, 'follows').body.items).toEqual([]);
  });

  it('interest records: the consortium sees the buyer only with consent; the program office moves the record and the buyer is notified', async () => {
    const named = await signUpBuyer(h(), { name: `Named Ministry ${uniqueWord('n')}`, country: 'KH' });
    const hidden = await signUpBuyer(h(), { name: `Hidden Telecom ${uniqueWord('h')}`, country: 'LA', kind: 'state_owned' });
    const a = must(await named.client.post('/api/v1/buyer/interests', { proposalId: aseanId, message: 'Nous souhaitons une démonstration.', consentToShare: true }), 201, 'named').body;
    const b = must(await hidden.client.post('/api/v1/buyer/interests', { proposalId: aseanId, consentToShare: false }), 201, 'hidden').body;
    expect(a.reference).toMatch(/^EOI-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/);

    const anchor = await h().login('anchor@cascade.example');
    const seen = must(await anchor.get(`/api/v1/proposals/${aseanId}/buyer-interests`), 200, 'consortium view').body.items;
    const rowA = seen.find((i: { id: string }) => i.id === a.id);
    const rowB = seen.find((i: { id: string }) => i.id === b.id);
    expect(rowA.buyer).toEqual({ name: expect.stringMatching(/^Named Ministry/), country: 'KH', kind: 'government', contactEmail: named.email });
    expect(rowA.message).toBe('Nous souhaitons une démonstration.');
    expect(rowB.buyer).toEqual({ anonymous: true, country: 'LA', kind: 'state_owned' });
    expect(JSON.stringify(rowB)).not.toContain('Hidden Telecom');
    expect(JSON.stringify(rowB)).not.toContain(hidden.email);
    // The consortium's notification names only the consenting buyer.
    const anchorUser = await db().selectFrom('users').select('id').where('email', '=', 'anchor@cascade.example').executeTakeFirstOrThrow();
    const texts = (await db().selectFrom('notifications').select('text').where('user_id', '=', anchorUser.id).where('kind', '=', 'buyer_interest').execute()).map((n) => n.text);
    expect(texts.some((t) => t.includes('Named Ministry'))).toBe(true);
    expect(texts.some((t) => t.includes('Hidden Telecom'))).toBe(false);
    // Another consortium's anchor: 404.
    const other = await h().login('anchor@meridian.example');
    expectProblem(await other.get(`/api/v1/proposals/${aseanId}/buyer-interests`), 404, 'NOT_FOUND');

    // The program office's list shows the new fields.
    const po = await h().login('program.officer@ita.example');
    const listed = must(await po.get('/api/v1/buyer-interests'), 200, 'po list').body.items.find((i: { id: string }) => i.id === a.id);
    expect(listed).toMatchObject({ status: 'received', orgId: named.orgId, consentToShare: true, version: 1, language: 'en' });

    // Bad status, stale version, not the program office.
    expectProblem(await po.post(`/api/v1/buyer-interests/${a.id}/status`, { status: 'done', version: 1 }), 400, 'VALIDATION_FAILED');
    expectProblem(await named.client.post(`/api/v1/buyer-interests/${a.id}/status`, { status: 'closed', version: 1 }), 403, 'FORBIDDEN');
    const moved = must(await po.post(`/api/v1/buyer-interests/${a.id}/status`, { status: 'forwarded', note: 'Sent to the consortium.', version: 1 }), 200, 'move').body;
    expect(moved).toMatchObject({ status: 'forwarded', version: 2 });
    expectProblem(await po.post(`/api/v1/buyer-interests/${a.id}/status`, { status: 'closed', version: 1 }), 409, 'VERSION_CONFLICT');

    const detail = must(await named.client.get(`/api/v1/buyer/interests/${a.id}`), 200, 'detail').body;
    expect(detail.status).toBe('forwarded');
    expect(detail.events.map((e: { status: string; note: string | null }) => [e.status, e.note])).toEqual([
      ['received', null],
      ['forwarded', 'Sent to the consortium.'],
    ]);
    const notes = await db().selectFrom('notifications').select(['kind', 'link']).where('user_id', '=', named.userId).execute();
    expect(notes).toContainEqual({ kind: 'buyer_interest_status', link: `/buyer/interests/${a.id}` });
    expect(await db().selectFrom('notifications').select('id').where('user_id', '=', hidden.userId).where('kind', '=', 'buyer_interest_status').execute()).toEqual([]);
  });

  it('an interest needs a designated package and the buyer’s own requirement; bad input writes nothing', async () => {
    const b = await signUpBuyer(h(), { name: `Careful Buyer ${uniqueWord('c')}`, country: 'KH' });
    const before = (await db().selectFrom('buyer_interests').select('id').execute()).length;
    const draft = await db().selectFrom('proposals').select('id').where('state', '=', 'draft').executeTakeFirstOrThrow();
    expectProblem(await b.client.post('/api/v1/buyer/interests', { proposalId: draft.id, consentToShare: true }), 404, 'NOT_FOUND');
    expectProblem(await b.client.post('/api/v1/buyer/interests', { proposalId: aseanId, requirementId: 'nope', consentToShare: true }), 404, 'NOT_FOUND');
    expectProblem(await b.client.post('/api/v1/buyer/interests', { proposalId: aseanId }), 400, 'VALIDATION_FAILED');
    expect((await db().selectFrom('buyer_interests').select('id').execute()).length).toBe(before);
  });

  it('a listed buyer is blocked everywhere but its status until the analyst clears the alert as a false positive', async () => {
    const listed = await signUpBuyer(h(), { name: '140 Repair Plant JSC', country: 'BY', kind: 'state_owned' });
    const status = must(await listed.client.get('/api/v1/buyer/status'), 200, 'status').body;
    expect(status.screening).toBe('blocked');
    expect(status.message).toMatch(/restricted-party list/);
    for (const [method, url] of [
      ['get', '/api/v1/buyer/requirements'],
      ['post', '/api/v1/buyer/requirements'],
      ['get', '/api/v1/buyer/requirements/x'],
      ['put', '/api/v1/buyer/requirements/x'],
      ['delete', '/api/v1/buyer/requirements/x'],
      ['get', '/api/v1/buyer/follows'],
      ['put', `/api/v1/buyer/follows/${aseanId}`],
      ['delete', `/api/v1/buyer/follows/${aseanId}`],
      ['get', '/api/v1/buyer/interests'],
      ['post', '/api/v1/buyer/interests'],
      ['get', '/api/v1/buyer/interests/x'],
      ['get', '/api/v1/proposals'],
      ['get', '/api/v1/me/notification-preferences'],
    ] as const) {
      const c = listed.client as unknown as Record<string, (url: string, body?: unknown) => ReturnType<Client['get']>>;
      expectProblem(await c[method]!(url, method === 'get' || method === 'delete' ? undefined : requirementBody()), 403, 'BUYER_SCREENING_BLOCKED');
    }
    must(await listed.client.get('/api/v1/notifications'), 200, 'notifications');
    must(await listed.client.get('/api/v1/auth/session'), 200, 'session');
    // The public catalog still answers, as to a visitor.
    must(await listed.client.get('/api/v1/public/catalog'), 200, 'catalog');

    const analyst = await h().login('screening.analyst@ita.example');
    const alerts = await db().selectFrom('screening_alerts').select(['id', 'status']).where('party_key', '=', `buyer:${listed.orgId}`).execute();
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) must(await analyst.post(`/api/v1/screening/alerts/${a.id}/disposition`, { status: 'false_positive', reason: 'A different organization: the buyer is a ministry, not the listed plant.' }), 200, 'clear');
    expect(must(await listed.client.get('/api/v1/buyer/status'), 200, 'status').body.screening).toBe('clear');
    must(await listed.client.get('/api/v1/buyer/requirements'), 200, 'workspace open');
  });
});

describeEachDb(
  'buyers: no screening list active',
  (h) => {
    it('a buyer stays pending while no list is active', async () => {
      const b = await signUpBuyer(h(), { name: `Pending Ministry ${uniqueWord('p')}`, country: 'KH' });
      expect(must(await b.client.get('/api/v1/buyer/status'), 200, 'status').body.screening).toBe('pending');
      expectProblem(await b.client.get('/api/v1/buyer/requirements'), 403, 'BUYER_SCREENING_PENDING');
    });
  },
  { demo: false },
);

describeEachDb(
  'buyers: the demo buyer against the shipped screening list',
  (h) => {
    it('is clear, reads aiep in French, and has a requirement, a follow and an interest record shared with the consortium', async () => {
      const buyer = await h().login('buyer@anc-kh.example');
      const status = must(await buyer.get('/api/v1/buyer/status'), 200, 'status').body;
      expect(status).toMatchObject({ organization: { id: 'org-anc-kh', country: 'KH', kind: 'government' }, screening: 'clear' });
      const user = await h().deps.db.db.selectFrom('users').select('locale').where('email', '=', 'buyer@anc-kh.example').executeTakeFirstOrThrow();
      expect(user.locale).toBe('fr');
      const [requirement] = must(await buyer.get('/api/v1/buyer/requirements'), 200, 'requirements').body.items;
      const [follow] = must(await buyer.get('/api/v1/buyer/follows'), 200, 'follows').body.items;
      expect(follow.translation).toMatchObject({ locale: 'fr', providedBy: 'consortium' });
      const [interest] = must(await buyer.get('/api/v1/buyer/interests'), 200, 'interests').body.items;
      expect(interest).toMatchObject({ proposalId: follow.proposalId, requirementId: requirement.id, consentToShare: true, status: 'received' });
    });
  },
  { demoList: 'snapshot' },
);
