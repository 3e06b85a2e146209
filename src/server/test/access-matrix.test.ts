// The generated access matrix (docs/permissions.md). On the demo data, one user per role and
// relation asks every probe of access-matrix.probes.ts; each answer is checked against the
// permission model (src/shared/access.ts), and the whole table against the committed page
// docs/access-matrix.md. Regenerate the page with
//   UPDATE_ACCESS_MATRIX=1 npx vitest run --project node src/server/test/access-matrix.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { runJobsOnce } from '../jobs/worker.ts';
import { describeEachDb, type Client, type Harness } from './harness.ts';
import { ADMIN, must, session } from './factories.ts';
import { classify, PROBES, REGENERATE, renderPage, setDraftContent, SUBJECTS, type Answer, type Subject, type World } from './access-matrix.probes.ts';

const PAGE = join(dirname(fileURLToPath(import.meta.url)), '../../../docs/access-matrix.md');
const NEW_USER_PASSWORD = 'matrix-subject-passphrase-2026';
const ASEAN_TITLE = 'Digital Government AI for ASEAN Ministries';

interface Asker {
  key: string;
  client: Client | null;
  subject: Subject | null;
}

/** One request of a probe, as a subject (no cookie for the anonymous one). */
async function ask(h: Harness, who: Asker, method: string, url: string, body: unknown, raw: { contentType: string; payload: string } | undefined): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = {};
  if (who.client) {
    headers.cookie = who.client.cookie;
    headers['x-csrf-token'] = who.client.csrf;
  }
  let payload: string | undefined;
  if (raw) {
    headers['content-type'] = raw.contentType;
    payload = raw.payload;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await h.app.inject({ method: method as 'GET', url, headers, ...(payload !== undefined ? { payload } : {}) });
  return { status: res.statusCode, text: res.body };
}

/** The seeded world the probes act on, read and (where the demo has none) made through the API. */
async function buildWorld(h: Harness): Promise<World> {
  const admin = await session(h, ADMIN);
  const po = await session(h, 'program.officer@ita.example');
  const edag = await session(h, 'edag@state.example');
  const anchor = await session(h, 'anchor@cascade.example');
  const list = must(await admin.get('/api/v1/proposals?limit=200'), 200, 'list proposals');
  const proposalId = (list.body.items as { id: string; title: string }[]).find((p) => p.title === ASEAN_TITLE)!.id;
  const detail = must(await anchor.get(`/api/v1/proposals/${proposalId}`), 200, 'read the proposal').body;
  const consortium = detail.consortium as { id: string; anchorOrgId: string; members: { orgId: string; status: string }[] };

  // A draft of the same consortium, for the applicant's steps on a proposal that may still change.
  const draft = must(
    await anchor.post('/api/v1/proposals', { consortiumId: consortium.id, title: 'Matrix probe draft', summary: 'A draft the access matrix probes.', package: detail.package }),
    201,
    'create the draft',
  ).body;
  setDraftContent({ title: draft.title, summary: draft.summary, package: draft.package });

  const panel = must(await po.get(`/api/v1/proposals/${proposalId}/reviews`), 200, 'read the panel').body;
  const assignments = (panel.assignments as { id: string; reviewer: { id: string }; coi: string }[]).map((a) => ({ id: a.id, reviewerId: a.reviewer.id, coi: a.coi }));
  const me = (c: Client) => c.get('/api/v1/auth/session').then((r) => must(r, 200, 'session').body.user as { id: string });
  const stateReviewer = await me(await session(h, 'reviewer@state.example'));
  const assignment = assignments.find((a) => a.reviewerId === stateReviewer.id)!;
  const consultations = must(await po.get(`/api/v1/proposals/${proposalId}/consultations`), 200, 'read the consultations').body.items as { id: string; agency: string }[];
  const consultation = consultations.find((c) => c.agency === 'STATE')!;

  const country = (detail.countries as string[])[0]!;
  const foreignCountry = ['FR', 'DE', 'JP', 'CA', 'MX'].find((c) => !(detail.countries as string[]).includes(c))!;
  const deal = must(
    await edag.post(`/api/v1/proposals/${proposalId}/deals`, { country, buyerName: 'Matrix Ministry of Digital Affairs', buyerType: 'government', valueUsd: 5_000_000, sector: 'government_services' }),
    201,
    'open a deal',
  ).body;
  // An end user of the deal, for correcting and removing a deal party.
  const dealParty = must(await edag.post(`/api/v1/deals/${deal.id}/parties`, { role: 'end_user', name: 'Matrix End User Ltd', type: 'organization', country }), 201, 'record a deal party').body.parties.items[0] as { id: string };
  // A license record (a draft) on the proposal, for the license steps and shipments.
  const license = must(
    await anchor.post(`/api/v1/proposals/${proposalId}/licenses`, { componentId: (detail.package as { components: { id: string }[] }).components[0]!.id, market: country }),
    201,
    'record a license',
  ).body;
  const instruments = must(await edag.get('/api/v1/financing/instruments'), 200, 'instruments').body as { agencies: Record<string, { instruments: Record<string, unknown> }> };
  const request = must(
    await edag.post(`/api/v1/deals/${deal.id}/financing-requests`, { agency: 'EXIM', instrument: Object.keys(instruments.agencies.EXIM!.instruments)[0], requestedUsd: 1_000_000 }),
    201,
    'refer a request',
  ).body;

  // A screening alert: a list with a match among the Gulf proposal's parties, activated and screened.
  const asAdmin: Asker = { key: 'admin', client: admin, subject: null };
  const csv = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../modules/screening/__fixtures__/csl_test_v1.csv'), 'utf8');
  const imported = await ask(h, asAdmin, 'POST', '/api/v1/lists/import?fileName=csl_test_v1.csv', undefined, { contentType: 'text/csv', payload: csv });
  if (imported.status !== 201) throw new Error(`list import: ${imported.status} ${imported.text}`);
  must(await admin.post(`/api/v1/lists/versions/${(JSON.parse(imported.text) as { id: string }).id}/activate`, {}), 200, 'activate the list');
  await runJobsOnce(h.deps);
  const alerts = must(await admin.get('/api/v1/screening/alerts'), 200, 'alerts').body.items as { id: string; party: { name: string; proposalId: string | null } }[];
  const alert = alerts.find((a) => a.party.name === 'Riyadh Sovereign Cloud Company')!;
  const gulf = must(await admin.get(`/api/v1/proposals/${alert.party.proposalId}`), 200, 'the alerted proposal').body;

  const orgId = 'org-kestrel';
  const org = must(await admin.get(`/api/v1/organizations/${orgId}`), 200, 'read the organization').body;
  return {
    ids: { proposal: proposalId, draft: draft.id, consortium: consortium.id, assignment: assignment.id, consultation: consultation.id, deal: deal.id, dealParty: dealParty.id, request: request.id, org: orgId, alert: alert.id, user: stateReviewer.id, license: license.id },
    alertOrgIds: (gulf.consortium.members as { orgId: string; status: string }[]).filter((m) => m.status === 'active').map((m) => m.orgId),
    consortium,
    assignments,
    consultedAgencies: consultations.map((c) => c.agency),
    consultationAgency: consultation.agency,
    assignmentReviewerId: stateReviewer.id,
    requestAgency: 'EXIM',
    foreignCountry,
    organization: {
      name: org.name,
      countryOfIncorporation: org.countryOfIncorporation,
      principalPlaceOfBusiness: org.principalPlaceOfBusiness,
      owners: org.owners,
      ultimateParent: org.ultimateParent,
      smallBusiness: org.smallBusiness,
    },
  };
}

describeEachDb('access matrix: the API answers as the permission model says', (h) => {
  let askers: Asker[] = [];
  let world: World;

  beforeAll(async () => {
    const admin = await session(h(), ADMIN);
    for (const s of SUBJECTS) {
      if (!s.create || !s.email) continue;
      const res = await admin.post('/api/v1/users', { email: s.email, ...s.create, password: NEW_USER_PASSWORD });
      if (res.status !== 201) throw new Error(`creating ${s.email}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    askers = [];
    for (const s of SUBJECTS) {
      if (!s.email) {
        askers.push({ key: s.key, client: null, subject: null });
        continue;
      }
      const client = await session(h(), s.email, s.create ? NEW_USER_PASSWORD : undefined);
      const user = must(await client.get('/api/v1/auth/session'), 200, `session of ${s.email}`).body.user;
      askers.push({ key: s.key, client, subject: { userId: user.id, roles: user.roles, orgId: user.org.id, orgKind: user.org.kind, agency: user.org.agency } });
    }
    world = await buildWorld(h());
  }, 120_000);

  it('every probe answers what the model says, and docs/access-matrix.md is the table', async () => {
    const observed = new Map<string, Answer[]>(askers.map((a) => [a.key, []]));
    const mismatches: string[] = [];
    for (const [i, probe] of PROBES.entries()) {
      const [method, path] = probe.request.split(' ') as [string, string];
      const url = path.replace(/\{(\w+)\}/g, (_, k: string) => world.ids[k as keyof World['ids']]);
      const body = probe.body?.(world);
      for (const who of askers) {
        const res = await ask(h(), who, method, url, body, probe.raw);
        const got = classify(res.status);
        const want: Answer = who.subject ? probe.expect(who.subject, world) : 'unauthenticated';
        const cell = `${probe.resource} / ${probe.action} (${probe.request}) as ${who.key}`;
        const problem = res.text.slice(0, 300);
        if (got === null) mismatches.push(`${cell}: unexpected ${res.status} ${problem}`);
        else if (got !== want) mismatches.push(`${cell}: the API answered ${res.status} (${got}), the model says ${want} — ${problem}`);
        observed.get(who.key)![i] = got ?? 'allowed';
      }
    }
    expect(mismatches, `cells where the API and the model disagree:\n${mismatches.join('\n')}`).toEqual([]);

    const page = renderPage(observed);
    if (process.env.UPDATE_ACCESS_MATRIX === '1') {
      writeFileSync(PAGE, page);
      return;
    }
    let committed = '';
    try {
      committed = readFileSync(PAGE, 'utf8');
    } catch {
      /* missing: stale */
    }
    expect(committed === page, `docs/access-matrix.md is stale; regenerate it with: ${REGENERATE}`).toBe(true);
  }, 120_000);
});
