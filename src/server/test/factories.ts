// Test factories: build a consortium and a proposal in a given state through the API, so that a
// test starts from what it needs instead of from what earlier tests happened to leave behind.
// Every step checks its answer and fails with the step's name and the problem it got back.
import { randomBytes } from 'node:crypto';
import { syncAndScreen } from '../modules/screening/screening.parties.ts';
import type { Client, Harness, Response } from './harness.ts';

export const PROGRAM_OFFICER = 'program.officer@ita.example';
export const DECISION_OFFICIAL = 'decision@ita.example';
export const ADMIN = 'admin@aiep.example';
/** The default panel: three interagency reviewers, none of them conflicted. */
export const DEFAULT_REVIEWERS = ['reviewer@state.example', 'reviewer@energy.example', 'reviewer@war.example'];
/** Who answers each agency's consultation by default. */
export const DEFAULT_ANSWERERS: Record<string, string> = { STATE: 'reviewer@state.example', ENERGY: 'reviewer@energy.example', WAR: 'reviewer@war.example', OSTP: 'reviewer@ostp.example' };
export const DEFAULT_ANSWERS: Record<string, { position: string; rationale: string; conditions?: string[] }> = {
  STATE: { position: 'concur', rationale: 'Aligned with regional strategy.' },
  ENERGY: { position: 'no_comment', rationale: 'No energy equities.' },
  WAR: { position: 'concur_with_conditions', rationale: 'Acceptable.', conditions: ['No military end users.'] },
  OSTP: { position: 'concur', rationale: 'Good science partnership.' },
};
export const RECOMMENDATION_RATIONALE = 'Factory recommendation: solid across the rubric.';
/** Support request amount of the factory package: confidential, never public. */
export const SUPPORT_AMOUNT_USD = 2_750_000;

const ALL_CERTIFICATIONS = ['antiBribery', 'exportControl', 'outboundInvestment', 'bciConsent'];

/** The anchor and the plain member of a factory consortium (demo users and companies). */
export const FACTORY_ANCHOR = { email: 'anchor@northstar.example', orgId: 'org-northstar', orgName: 'Northstar Model Labs Inc.' };
export const FACTORY_MEMBER = { email: 'member@pampa.example', orgId: 'org-pampa', orgName: 'Pampa AgroTech S.A.' };

export class FactoryError extends Error {}

const sessions = new WeakMap<Harness, Map<string, Client>>();

/**
 * A logged-in client of `email`, one session per user and harness: logins are rate-limited
 * (20 a minute), and a suite that builds its data per test would otherwise run out of them.
 */
export async function session(h: Harness, email: string, password?: string): Promise<Client> {
  let byEmail = sessions.get(h);
  if (!byEmail) sessions.set(h, (byEmail = new Map()));
  let client = byEmail.get(email);
  if (!client) {
    client = await h.login(email, password);
    byEmail.set(email, client);
  }
  return client;
}

/** Checks a factory step's answer; a wrong one fails the test with the step and the problem. */
export function must(res: Response, status: number, step: string): Response {
  if (res.status !== status) throw new FactoryError(`factory step "${step}" answered ${res.status}, expected ${status}: ${JSON.stringify(res.body)}`);
  return res;
}

/** A word no other test data contains, to find this test's records again. */
export function uniqueWord(prefix = 'fx'): string {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}

/**
 * A complete package modelled on the demo's agriculture package: EAR99 and AT-only items (4A994.l
 * servers, 5D992.c software), so every compliance cell is clear in Latin American markets; the
 * infrastructure layer is 82.5 % US-origin. The member supplies the data and application layers.
 */
export function factoryPackage(markets: string[] = ['AR', 'BR'], anchorOrgId = FACTORY_ANCHOR.orgId, memberOrgId = FACTORY_MEMBER.orgId) {
  const comp = (id: string, layer: string, category: string, name: string, supplier: string, unitValueUsd: number, quantity: number, usOriginShare: number, eccn: string) => ({
    id,
    layer,
    category,
    name,
    supplier,
    countryOfOrigin: supplier === anchorOrgId ? 'US' : 'AR',
    unitValueUsd,
    quantity,
    usOriginShare,
    eccn,
    description: '',
  });
  return {
    components: [
      comp('fx-srv', 'infrastructure', 'server', 'Edge AI servers', anchorOrgId, 28_000, 120, 0.8, '4A994.l'),
      comp('fx-sto', 'infrastructure', 'storage', 'Imagery archive', anchorOrgId, 1_100_000, 1, 0.9, 'EAR99'),
      comp('fx-pipe', 'data', 'data_pipeline', 'Field data pipeline', memberOrgId, 600_000, 1, 0.2, 'EAR99'),
      comp('fx-model', 'model', 'model', 'Forecasting models', anchorOrgId, 1_800_000, 1, 1, 'EAR99'),
      comp('fx-sec', 'security', 'access_control', 'Zero-trust access', anchorOrgId, 400_000, 1, 1, '5D992.c'),
      comp('fx-app', 'application', 'application', 'Advisory app', memberOrgId, 900_000, 1, 0.3, 'EAR99'),
    ],
    targetMarkets: markets.map((code) => ({ kind: 'country', code })),
    operatingModel: markets.map((market) => ({
      market,
      build: [{ name: FACTORY_MEMBER.orgName, country: 'AR', orgId: memberOrgId }],
      own: [{ name: `Cooperativa ${market}`, country: market, orgId: null }],
      operate: [{ name: FACTORY_ANCHOR.orgName, country: 'US', orgId: anchorOrgId }],
    })),
    supportRequests: [{ agency: 'SBA', instrument: 'export_working_capital', amountUsd: SUPPORT_AMOUNT_USD, rationale: 'Working capital for a small US exporter.' }],
  };
}

export interface FactoryConsortium {
  id: string;
  name: string;
  anchor: Client;
  member: Client;
}

/** A consortium of the factory anchor (infrastructure, model, security) and the factory member (data, application). */
export async function createConsortium(h: Harness, name = `Factory Consortium ${uniqueWord()}`): Promise<FactoryConsortium> {
  const anchor = await session(h, FACTORY_ANCHOR.email);
  const member = await session(h, FACTORY_MEMBER.email);
  const c = must(await anchor.post('/api/v1/consortia', { name, layerRoles: ['infrastructure', 'model', 'security'] }), 201, 'create consortium').body;
  must(await anchor.post(`/api/v1/consortia/${c.id}/invitations`, { orgId: FACTORY_MEMBER.orgId, layerRoles: ['data', 'application'] }), 201, 'invite member');
  must(await member.post(`/api/v1/consortia/${c.id}/invitation/accept`), 200, 'accept invitation');
  return { id: c.id, name, anchor, member };
}

export type FactoryState = 'draft' | 'submitted' | 'eligibility_screening' | 'returned_for_information' | 'under_review' | 'recommendation' | 'decision_pending' | 'designated';

export interface FactoryProposal {
  id: string;
  title: string;
  consortium: FactoryConsortium;
  anchor: Client;
  member: Client;
  po: Client;
}

export interface ProposalOptions {
  /** Target markets (countries), AR and BR unless given. */
  markets?: string[];
  /** Certified by every member (so complete) unless false; only for a draft. */
  certified?: boolean;
  title?: string;
}

/** A new consortium with one proposal, moved through the API to `state`. */
export async function createProposal(h: Harness, state: FactoryState, opts: ProposalOptions = {}): Promise<FactoryProposal> {
  const consortium = await createConsortium(h);
  const title = opts.title ?? `Factory proposal ${uniqueWord()}`;
  const p = must(
    await consortium.anchor.post('/api/v1/proposals', { consortiumId: consortium.id, title, summary: 'Built by the test factory.', package: factoryPackage(opts.markets) }),
    201,
    'create proposal',
  ).body;
  if (opts.certified !== false) {
    for (const [who, c] of [['anchor', consortium.anchor], ['member', consortium.member]] as const) {
      must(await c.post(`/api/v1/proposals/${p.id}/certifications`, { kinds: ALL_CERTIFICATIONS }), 200, `certify (${who})`);
    }
  }
  const made = { id: p.id, title, consortium, anchor: consortium.anchor, member: consortium.member, po: await session(h, PROGRAM_OFFICER) };
  if (state !== 'draft') await advanceProposal(h, p.id, state, made.anchor);
  return made;
}

const FORWARD: FactoryState[] = ['draft', 'submitted', 'eligibility_screening', 'under_review', 'recommendation', 'decision_pending', 'designated'];

/**
 * Moves an existing proposal from whatever state it is in to `target`, the way the program runs:
 * submission, eligibility, review (a full panel and all consultations when none were made),
 * recommendation, decision. `anchor` submits; any proposal reaches 'returned_for_information'
 * from eligibility screening.
 */
export async function advanceProposal(h: Harness, id: string, target: FactoryState, anchor: Client): Promise<void> {
  const po = await session(h, PROGRAM_OFFICER);
  const transition = async (action: string, note?: string) => must(await po.post(`/api/v1/proposals/${id}/transitions`, { action, ...(note ? { note } : {}) }), 200, action);
  for (let guard = 0; guard < 12; guard++) {
    const state = must(await anchor.get(`/api/v1/proposals/${id}`), 200, 'read proposal').body.state as FactoryState;
    if (state === target) return;
    if (target === 'returned_for_information') {
      if (state === 'eligibility_screening' || state === 'under_review') await transition('return_for_information', 'Factory: please clarify the operating model.');
      else if (state === 'draft') must(await anchor.post(`/api/v1/proposals/${id}/submit`, {}), 200, 'submit');
      else if (state === 'submitted') await transition('start_eligibility');
      else throw new FactoryError(`factory cannot return a proposal in state ${state} for information`);
      continue;
    }
    if (!FORWARD.includes(target)) throw new FactoryError(`factory cannot reach ${target}`);
    if (state === 'returned_for_information') {
      must(await anchor.post(`/api/v1/proposals/${id}/submit`, {}), 200, 'resubmit');
      continue;
    }
    if (FORWARD.indexOf(state) < 0 || FORWARD.indexOf(state) > FORWARD.indexOf(target)) throw new FactoryError(`factory cannot move a proposal from ${state} to ${target}`);
    switch (state) {
      case 'draft':
        must(await anchor.post(`/api/v1/proposals/${id}/submit`, {}), 200, 'submit');
        break;
      case 'submitted':
        await transition('start_eligibility');
        break;
      case 'eligibility_screening':
        await answerEligibility(po, id);
        await transition('start_review');
        break;
      case 'under_review': {
        const evidence = must(await po.get(`/api/v1/proposals/${id}/recommendation/evidence`), 200, 'recommendation evidence').body;
        if (evidence.blockers.length) {
          await reviewProposal(h, id);
          await answerConsultations(h, id);
        }
        must(await po.post(`/api/v1/proposals/${id}/recommendation`, { recommendation: 'designate', rationale: RECOMMENDATION_RATIONALE }), 200, 'recommend');
        break;
      }
      case 'recommendation':
        await transition('send_to_decision');
        break;
      case 'decision_pending':
        // No list, no clearance: the periodic sync screens the package's new parties first.
        await syncAndScreen(h.deps);
        must(await (await session(h, DECISION_OFFICIAL)).post(`/api/v1/proposals/${id}/decision`, designationDecision()), 200, 'designate');
        break;
      default:
        throw new FactoryError(`factory cannot move a proposal on from ${state}`);
    }
  }
  throw new FactoryError(`factory did not reach ${target}`);
}

/** The program officer answers every eligibility criterion (review starts only on a complete checklist). */
export async function answerEligibility(po: Client, id: string, answer: 'met' | 'not_met' | 'not_applicable' = 'met'): Promise<void> {
  const checklist = must(await po.get(`/api/v1/proposals/${id}/eligibility`), 200, 'eligibility checklist').body as { criteria: { id: string }[] };
  const note = answer === 'met' ? '' : 'Factory: recorded for the test.';
  must(await po.put(`/api/v1/proposals/${id}/eligibility`, { answers: checklist.criteria.map((c) => ({ criterionId: c.id, answer, note })) }), 200, 'answer eligibility');
}

/** A complete designation decision. */
export function designationDecision(overrides: Record<string, unknown> = {}) {
  return {
    decision: 'designated',
    nationalInterestDetermination: 'Advances US agricultural AI in the region.',
    conditions: ['Annual report on cooperatives served'],
    termMonths: 24,
    publicDescription: 'Precision agriculture AI for cooperatives.',
    sectors: ['agriculture'],
    ...overrides,
  };
}

export interface Reviewer {
  email: string;
  client: Client;
  assignmentId: string;
}

/** The user id of a demo (or test-made) user. */
export async function userId(h: Harness, email: string): Promise<string> {
  const admin = await session(h, ADMIN);
  const user = must(await admin.get('/api/v1/users'), 200, 'list users').body.items.find((u: { email: string }) => u.email === email);
  if (!user) throw new FactoryError(`factory: no user ${email}`);
  return user.id;
}

/** Assigns reviewers to a proposal in eligibility screening or review; returns each with its assignment. */
export async function assignReviewers(h: Harness, proposalId: string, emails: string[]): Promise<Record<string, Reviewer>> {
  const po = await session(h, PROGRAM_OFFICER);
  const ids = await Promise.all(emails.map((e) => userId(h, e)));
  must(await po.post(`/api/v1/proposals/${proposalId}/reviews`, { reviewerIds: ids }), 201, 'assign reviewers');
  const panel = must(await po.get(`/api/v1/proposals/${proposalId}/reviews`), 200, 'review panel').body;
  const out: Record<string, Reviewer> = {};
  for (const [i, email] of emails.entries()) {
    const assignment = panel.assignments.find((a: { reviewer: { id: string } }) => a.reviewer.id === ids[i]);
    if (!assignment) throw new FactoryError(`factory: ${email} has no assignment on ${proposalId}`);
    out[email] = { email, client: await session(h, email), assignmentId: assignment.id };
  }
  return out;
}

/** The rubric's scores of one review: `score` on every criterion. */
export async function rubricScores(h: Harness, score: number, comment = (key: string) => `comment on ${key}`) {
  const rubric = must(await (await session(h, PROGRAM_OFFICER)).get('/api/v1/rubric'), 200, 'rubric').body.criteria as { key: string }[];
  return Object.fromEntries(rubric.map((k) => [k.key, { score, comment: comment(k.key) }]));
}

/**
 * A full panel: `reviewers` assigned, each declares no conflict and submits the score
 * `scoreOf(index)` on every criterion (2, 3, 4 by default).
 */
export async function reviewProposal(h: Harness, proposalId: string, reviewers: string[] = DEFAULT_REVIEWERS, scoreOf = (i: number) => 2 + i): Promise<Record<string, Reviewer>> {
  const panel = await assignReviewers(h, proposalId, reviewers);
  for (const [i, email] of reviewers.entries()) {
    const r = panel[email]!;
    must(await r.client.post(`/api/v1/reviews/${r.assignmentId}/conflict-of-interest`, { conflict: false, statement: 'None.' }), 200, `no conflict (${email})`);
    must(await r.client.put(`/api/v1/reviews/${r.assignmentId}`, { scores: await rubricScores(h, scoreOf(i)), comment: `overall ${i}`, submit: true }), 200, `submit review (${email})`);
  }
  return panel;
}

/** Requests the four consultations and has each agency answer (DEFAULT_ANSWERS by DEFAULT_ANSWERERS unless given). */
export async function answerConsultations(h: Harness, proposalId: string, answerers: Record<string, string> = DEFAULT_ANSWERERS, answers = DEFAULT_ANSWERS) {
  const po = await session(h, PROGRAM_OFFICER);
  must(await po.post(`/api/v1/proposals/${proposalId}/consultations`, {}), 201, 'request consultations');
  const items = must(await po.get(`/api/v1/proposals/${proposalId}/consultations`), 200, 'list consultations').body.items as { id: string; agency: string }[];
  for (const c of items) {
    const email = answerers[c.agency];
    if (!email) throw new FactoryError(`factory: nobody answers for ${c.agency}`);
    const who = await session(h, email, TEST_USERS[email]?.password);
    must(await who.put(`/api/v1/consultations/${c.id}`, { conditions: [], ...answers[c.agency] }), 200, `answer consultation (${c.agency})`);
  }
  return items;
}

/** Users that tests add to the demo, made on first use. */
export const TEST_USERS: Record<string, { name: string; orgId: string; roles: string[]; password: string }> = {
  'official@war.example': { name: 'War Official', orgId: 'org-war', roles: ['interagency_reviewer'], password: 'long-enough-password' },
};

/** Logs in a user of TEST_USERS, creating it (as the admin) the first time. */
export async function ensureTestUser(h: Harness, email: string): Promise<Client> {
  const u = TEST_USERS[email];
  if (!u) throw new FactoryError(`factory: ${email} is not a test user`);
  const admin = await session(h, ADMIN);
  const res = await admin.post('/api/v1/users', { email, name: u.name, orgId: u.orgId, roles: u.roles, password: u.password });
  if (res.status !== 201 && !(res.status === 409 && res.body?.code === 'EMAIL_TAKEN')) must(res, 201, `create user ${email}`);
  return session(h, email, u.password);
}
