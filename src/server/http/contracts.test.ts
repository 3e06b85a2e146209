// The API's contracts (src/shared/contracts): every route documents what it takes and what it
// answers, read from the OpenAPI document at /docs/json, and what the routes answer matches what
// they document. The zod serializer (fastify-type-provider-zod) writes only the fields a response
// schema names, so a schema that forgets a field drops it from the answer silently: the sweep at the
// end watches every JSON answer of a whole proposal lifecycle, the financing of a deal and every
// GET route for the field a schema would drop.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MAX_NAME_LENGTH } from '../../engines/screening/index.ts';
import { MAX_PARTY_NAME_LENGTH } from '../../shared/contracts/screening.ts';
import { buildApp } from '../app.ts';
import { ADMIN, createProposal, DECISION_OFFICIAL, must, PROGRAM_OFFICER, session } from '../test/factories.ts';
import { describeEachDb, loginTo, type Harness } from '../test/harness.ts';

interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: { in: string; name: string; schema?: Record<string, unknown> }[];
  requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Record<string, unknown> }> }>;
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Writes that take no body: actions named by their path alone. */
const BODYLESS = new Set([
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/mfa/enrollment',
  'POST /api/v1/users/{id}/mfa/reset',
  'POST /api/v1/admin/mail/{id}/retry',
  'POST /api/v1/consortia/{id}/invitation/accept',
  'POST /api/v1/consortia/{id}/invitation/decline',
  'POST /api/v1/lists/sources/{code}/refresh',
  'POST /api/v1/lists/versions/{id}/activate',
  'POST /api/v1/reference-data/export-control/{version}/activate',
  'PUT /api/v1/buyer/follows/{proposalId}',
]);

/** Routes that read a query string, and what they read. */
const QUERIES: Record<string, string[]> = {
  'GET /api/v1/public/catalog': ['q', 'country', 'region', 'layer', 'sector', 'lang'],
  'GET /api/v1/public/catalog/{id}': ['lang'],
  'GET /api/v1/buyer/matches': ['lang'],
  'GET /api/v1/buyer/requirements/{id}/matches': ['lang'],
  'GET /api/v1/organizations': ['q'],
  'GET /api/v1/admin/mail': ['status', 'limit'],
  'GET /api/v1/organizations/registrations': ['status'],
  'GET /api/v1/proposals': ['limit', 'cursor', 'state'],
  'GET /api/v1/review-queue': ['limit', 'cursor', 'state'],
  'GET /api/v1/proposals/queue': ['q', 'state', 'market', 'region', 'agency', 'assigned', 'sort', 'dir', 'limit', 'offset'],
  'GET /api/v1/proposals/queue.csv': ['q', 'state', 'market', 'region', 'agency', 'assigned', 'sort', 'dir'],
  'GET /api/v1/proposals/{id}/compliance': ['asOf'],
  'GET /api/v1/proposals/{id}/compliance.csv': ['asOf'],
  'GET /api/v1/proposals/{id}/compliance.pdf': ['asOf'],
  'GET /api/v1/proposals/{id}/market': ['wLicensing', 'wFinancing', 'wDemand', 'wCompetition'],
  'GET /api/v1/proposals/{id}/market.csv': ['wLicensing', 'wFinancing', 'wDemand', 'wCompetition'],
  'DELETE /api/v1/licenses/{id}': ['version'],
  'GET /api/v1/screening/search': ['name', 'fuzzy_name', 'sources', 'countries', 'types', 'size', 'offset'],
  'POST /api/v1/screening/batch': ['threshold'],
  'GET /api/v1/screening/jobs/{id}': ['format'],
  'GET /api/v1/screening/alerts': ['status', 'limit'],
  'POST /api/v1/lists/import': ['fileName', 'format', 'activate'],
  'GET /api/v1/lists/diff': ['from', 'to'],
  'GET /api/v1/portfolio.pdf': ['compress'],
  'GET /api/v1/deals': ['proposalId'],
  'GET /api/v1/financing-requests': ['open'],
  'GET /api/v1/calls': ['status'],
  'GET /api/v1/records/legal-holds': ['active'],
};

/**
 * Every property name the public catalog's answers may carry. Its response schemas are the
 * allow-list of what leaves aiep without a login: a new public field is added here on purpose.
 */
const PUBLIC_FIELDS = new Set([
  'items', 'total', 'id', 'title', 'description', 'consortium', 'name', 'members', 'country', 'layers', 'sectors', 'countries', 'regions', 'blocs',
  'designatedAt', 'blocNames', 'submitted', 'underReview', 'designated', 'byRegion', 'region', 'count', 'bySector', 'sector', 'byCountry', 'received', 'reference',
  // The open calls (GET /api/v1/public/calls).
  'summary', 'opensAt', 'closesAt', 'rolling', 'eligibleRegions', 'eligibleSectors',
  // A catalog entry's consortium-supplied translation and declared profile (public by design).
  'translation', 'locale', 'providedBy', 'profile', 'deployments', 'dataResidency', 'modelLicensing', 'languages', 'budgetMinUsd', 'budgetMaxUsd', 'deliveryMonths', 'financing',
  // The program's outcomes (GET /api/v1/public/outcomes): aggregates only.
  'asOf', 'minDeals', 'totals', 'designations', 'deals', 'dealsClosed', 'dealsWithCommitment', 'dealsWithDisbursement', 'committedUsd', 'disbursedUsd', 'suppressed',
  // A foreign buyer's sign-up (POST /api/v1/public/buyers/signup): the same answer whatever the address.
  'message',
  'designationsInForce', 'timeToFirstCommitment', 'packages', 'medianDays', 'meanDays', 'monitoring', 'reportsDue', 'reportsFiled', 'filedOnTime', 'byLayer', 'layer', 'byQuarter', 'quarter',
]);
/** Business-confidential facts that never appear in a public answer, whatever their nesting. */
const CONFIDENTIAL_FIELDS = [
  'amountUsd', 'supportRequests', 'package', 'components', 'unitValueUsd', 'valueUsd', 'usContent', 'usValueUsd', 'totalValueUsd', 'owners', 'percent',
  'ultimateParent', 'operatingModel', 'build', 'own', 'operate', 'scores', 'comment', 'rationale', 'position', 'conditions', 'feedback',
  'nationalInterestDetermination', 'agencyNotes', 'notes', 'contactEmail', 'requirements', 'buyerName',
];

const operations = (doc: OpenApi) =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, method, path, op })),
  );

const hasSchema = (s: Record<string, unknown> | undefined) => !!s && Object.keys(s).length > 0;

/** Property names of a JSON schema, however deep (through items, unions and additionalProperties). */
function propertyNames(schema: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) schema.forEach((s) => propertyNames(s, out));
  else if (schema && typeof schema === 'object') {
    const s = schema as Record<string, unknown>;
    if (s.properties && typeof s.properties === 'object') {
      for (const [name, sub] of Object.entries(s.properties)) {
        out.add(name);
        propertyNames(sub, out);
      }
    }
    for (const k of ['items', 'additionalProperties', 'anyOf', 'oneOf', 'allOf']) propertyNames(s[k], out);
  }
  return out;
}

/** Paths (`.a.b[]`) present in `raw` but missing from `sent`. */
function droppedPaths(raw: unknown, sent: unknown, path = '', out: string[] = []): string[] {
  if (raw === null || typeof raw !== 'object' || sent === null || typeof sent !== 'object') return out;
  if (Array.isArray(raw)) {
    if (Array.isArray(sent)) raw.forEach((v, i) => droppedPaths(v, sent[i], `${path}[]`, out));
    return out;
  }
  for (const [k, v] of Object.entries(raw)) {
    if (!(k in sent)) out.push(`${path}.${k}`);
    else droppedPaths(v, (sent as Record<string, unknown>)[k], `${path}.${k}`, out);
  }
  return out;
}

describeEachDb('API contracts', (h) => {
  let doc: OpenApi;

  beforeAll(async () => {
    doc = JSON.parse((await h().app.inject({ method: 'GET', url: '/docs/json' })).body) as OpenApi;
  });

  it('every operation documents a 2xx answer: a schema, a declared non-JSON content type, or 204', () => {
    const ops = operations(doc);
    const missing: string[] = [];
    const counts = { operations: ops.length, json: 0, nonJson: 0, noContent: 0 };
    for (const { key, op } of ops) {
      const ok = Object.entries(op.responses ?? {}).filter(([code]) => /^2(\d\d|XX)$/.test(code));
      const withSchema = ok.flatMap(([, r]) => Object.entries(r.content ?? {}).filter(([, m]) => hasSchema(m.schema)));
      const declared204 = ok.some(([code, r]) => code === '204' && !r.content);
      if (withSchema.some(([type]) => type === 'application/json')) counts.json++;
      else if (withSchema.length > 0) counts.nonJson++;
      else if (declared204) counts.noContent++;
      else missing.push(key);
    }
    console.info(`contracts: ${counts.operations} operations — ${counts.json} answer JSON with a schema, ${counts.nonJson} only non-JSON content, ${counts.noContent} only 204`);
    expect(missing, 'operations without a documented 2xx answer').toEqual([]);
    expect(counts.operations).toBeGreaterThan(100);
  });

  it('every operation declares its request: path parameters, query strings and bodies', () => {
    const problems: string[] = [];
    for (const { key, method, path, op } of operations(doc)) {
      if (!op.summary || !op.tags?.length) problems.push(`${key}: no summary or tags`);
      const params = op.parameters ?? [];
      for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
        const p = params.find((x) => x.in === 'path' && x.name === name);
        if (!p || !hasSchema(p.schema)) problems.push(`${key}: path parameter ${name} has no schema`);
      }
      for (const name of QUERIES[key] ?? []) {
        if (!params.some((x) => x.in === 'query' && x.name === name && hasSchema(x.schema))) problems.push(`${key}: query parameter ${name} has no schema`);
      }
      const takesBody = ['post', 'put', 'patch'].includes(method) && !BODYLESS.has(key);
      const body = Object.values(op.requestBody?.content ?? {}).some((m) => hasSchema(m.schema));
      if (takesBody && !body) problems.push(`${key}: no body schema`);
      if (!takesBody && body) problems.push(`${key}: a body schema on a route that takes none`);
    }
    for (const key of [...BODYLESS, ...Object.keys(QUERIES)]) {
      if (!operations(doc).some((o) => o.key === key)) problems.push(`${key}: listed in this test but not documented`);
    }
    expect(problems).toEqual([]);
  });

  it('the public catalog’s response schemas name public fields only', () => {
    const publicOps = operations(doc).filter((o) => o.path.startsWith('/api/v1/public/'));
    expect(publicOps.map((o) => o.key).sort()).toEqual([
      'GET /api/v1/public/calls',
      'GET /api/v1/public/catalog',
      'GET /api/v1/public/catalog/{id}',
      'GET /api/v1/public/outcomes',
      'GET /api/v1/public/outcomes.csv',
      'GET /api/v1/public/statistics',
      'POST /api/v1/public/buyers/signup',
      'POST /api/v1/public/catalog/{id}/interest',
    ]);
    const names = new Set<string>();
    for (const { op } of publicOps) {
      for (const r of Object.values(op.responses ?? {})) for (const m of Object.values(r.content ?? {})) propertyNames(m.schema, names);
    }
    expect([...names].filter((n) => !PUBLIC_FIELDS.has(n))).toEqual([]);
    expect(CONFIDENTIAL_FIELDS.filter((n) => names.has(n))).toEqual([]);
    // No public schema refers to a shared component that could carry more.
    expect(JSON.stringify(publicOps)).not.toContain('$ref');
  });

  it('the screening contract’s name limit is the engine’s', () => {
    expect(MAX_PARTY_NAME_LENGTH).toBe(MAX_NAME_LENGTH);
  });

  // ── The sweep ───────────────────────────────────────────────────────────────────────────

  describeSweep(h);
});

/**
 * A second app over the same database, watched between the service and the serializer: each JSON
 * answer is compared with what the handler returned, and every field the schema dropped is
 * reported, as is every answer that failed its schema (a 500).
 */
function describeSweep(h: () => Harness) {
  let app: FastifyInstance;
  let sweep: Harness;
  const raw = new WeakMap<FastifyRequest, unknown>();
  const drops: string[] = [];
  const failures: string[] = [];
  const covered = new Set<string>();

  beforeAll(async () => {
    app = await buildApp({ ...h().deps }, { logger: false });
    app.addHook('preSerialization', async (req, _reply, payload) => {
      raw.set(req, JSON.parse(JSON.stringify(payload)));
      return payload;
    });
    app.addHook('onSend', async (req, reply, payload) => {
      const route = `${req.method} ${req.routeOptions.url ?? req.url}`;
      if (reply.statusCode >= 500) failures.push(`${route}: ${reply.statusCode} ${String(payload).slice(0, 300)}`);
      if (raw.has(req) && reply.statusCode < 300 && typeof payload === 'string') {
        covered.add(route);
        for (const p of droppedPaths(raw.get(req), JSON.parse(payload))) drops.push(`${route}: ${p}`);
      }
      return payload;
    });
    await app.ready();
    sweep = {
      app,
      deps: h().deps,
      dialect: h().dialect,
      login: (email, password) => loginTo(app, email, password),
    };
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers keep every field the services return: a proposal’s lifecycle, a deal’s financing, every GET', async () => {
    // Writes: a proposal from draft to designation, its package amended and suspended, a license, a deal financed.
    const p = await createProposal(sweep, 'designated');
    const po = await session(sweep, PROGRAM_OFFICER);
    const admin = await session(sweep, ADMIN);
    await session(sweep, DECISION_OFFICIAL);
    must(await p.anchor.post(`/api/v1/proposals/${p.id}/package/amendments`, { kinds: ['other'], description: 'Contract test amendment.' }), 201, 'request amendment');
    const amendment = (await po.get(`/api/v1/proposals/${p.id}/package`)).body.amendments[0].id as string;
    must(await po.post(`/api/v1/proposals/${p.id}/package/amendments/${amendment}/decision`, { approve: true, note: 'Fine.' }), 200, 'approve amendment');
    must(await po.post(`/api/v1/proposals/${p.id}/package/suspend`, { reason: 'Contract test.' }), 200, 'suspend');
    must(await po.post(`/api/v1/proposals/${p.id}/package/reinstate`, {}), 200, 'reinstate');
    const component = (await p.anchor.get(`/api/v1/proposals/${p.id}/compliance`)).body.components[0].id as string;
    const license = must(await p.anchor.post(`/api/v1/proposals/${p.id}/licenses`, { componentId: component, market: 'AR', status: 'needed' }), 201, 'record license').body;
    must(await p.anchor.patch(`/api/v1/licenses/${license.id}`, { version: license.version, status: 'not_required' }), 200, 'update license');
    must(await po.post('/api/v1/determinations', { item: { eccn: '4A994.l' }, destination: 'AR' }), 200, 'determination');
    must(await po.post('/api/v1/classification-suggestions', { tpp: 5000 }), 200, 'classification');

    const edag = await session(sweep, 'edag@state.example');
    const exim = await session(sweep, 'finance@exim.example');
    const deal = must(
      await p.anchor.post(`/api/v1/proposals/${p.id}/deals`, { country: 'AR', buyerName: 'Contract Test Ministry', buyerType: 'government', valueUsd: 30_000_000, competitors: [{ name: 'Other Cloud', country: 'CN' }], sector: 'agriculture' }),
      201,
      'open deal',
    ).body;
    const advocacy = must(await edag.post(`/api/v1/deals/${deal.id}/advocacy`, { kind: 'letter', occurredOn: '2026-11-20', description: 'Letter.' }), 201, 'advocacy').body.advocacy[0];
    must(await edag.put(`/api/v1/deals/${deal.id}/advocacy/${advocacy.id}`, { kind: 'letter', occurredOn: '2026-11-21', description: 'Letter to the minister.', version: advocacy.version }), 200, 'correct advocacy');
    must(await edag.post(`/api/v1/deals/${deal.id}/eligibility`, { agency: 'EXIM', instrument: 'direct_loan', requestedUsd: 10_000_000 }), 200, 'eligibility');
    const request = must(await edag.post(`/api/v1/deals/${deal.id}/financing-requests`, { agency: 'EXIM', instrument: 'direct_loan', requestedUsd: 10_000_000 }), 201, 'refer').body;
    must(await exim.post(`/api/v1/financing-requests/${request.id}/actions/submit_to_agency`, { version: request.version, note: 'Received.' }), 200, 'submit to agency');
    // The referral moved the deal to `qualified` by itself (a new version); the coordinator moves it on by hand.
    const referred = must(await p.anchor.patch(`/api/v1/deals/${deal.id}`, { version: (await edag.get(`/api/v1/deals/${deal.id}`)).body.version, buyerName: 'Contract Test Ministry of Agriculture' }), 200, 'update deal').body;
    must(await edag.post(`/api/v1/deals/${deal.id}/stage`, { stage: 'advocacy', reason: 'Contract test.', version: referred.version }), 200, 'move the stage');
    // A consultation answered and revised, on a proposal still under review.
    const stateReviewer = await session(sweep, 'reviewer@state.example');
    const open = await createProposal(sweep, 'under_review');
    must(await po.post(`/api/v1/proposals/${open.id}/consultations`, {}), 201, 'request consultations');
    const mine = (await stateReviewer.get(`/api/v1/proposals/${open.id}/consultations`)).body.items[0];
    const answered = must(await stateReviewer.put(`/api/v1/consultations/${mine.id}`, { position: 'concur_with_conditions', rationale: 'Fine.', conditions: ['One condition.'] }), 200, 'answer consultation').body;
    must(await stateReviewer.post(`/api/v1/consultations/${mine.id}/revisions`, { position: 'concur', rationale: 'Condition met.', reason: 'Contract test.', version: answered.version }), 201, 'revise consultation');
    must(await admin.post('/api/v1/api-keys', { name: 'contract test' }), 201, 'api key');

    // Reads: every documented GET, as users of every kind, with the identifiers of the data.
    const db = h().deps.db.db;
    const ids = async (table: 'proposals' | 'organizations' | 'consortia' | 'review_assignments' | 'consultations' | 'deals' | 'financing_requests' | 'monitoring_reports') =>
      (await db.selectFrom(table).select('id').execute()).map((r) => r.id);
    const values: Record<string, string[]> = {
      proposals: await ids('proposals'),
      organizations: (await ids('organizations')).slice(0, 6),
      consortia: await ids('consortia'),
      reviews: await ids('review_assignments'),
      consultations: await ids('consultations'),
      deals: await ids('deals'),
      monitoring: await ids('monitoring_reports'),
      'financing-requests': await ids('financing_requests'),
      catalog: await ids('proposals'),
      revisions: ['1', '2'],
    };
    const doc = JSON.parse((await app.inject({ method: 'GET', url: '/docs/json' })).body) as OpenApi;
    const urls: string[] = [];
    for (const path of Object.keys(doc.paths)) {
      if (!doc.paths[path]!.get || /\.(csv|pdf)$|\/(pdf|foia-export)$|\/jobs\/|\/alerts\/|\/lists\//.test(path)) continue;
      let expanded = [path];
      for (const m of path.matchAll(/([a-z-]+)\/\{[a-zA-Z]+\}/g)) {
        const choices = values[m[1]!] ?? [];
        expanded = expanded.flatMap((u) => choices.map((c) => u.replace(/\{[a-zA-Z]+\}/, c)));
      }
      urls.push(...expanded);
    }
    const readers = [
      p.anchor,
      p.member,
      po,
      admin,
      edag,
      exim,
      await session(sweep, DECISION_OFFICIAL),
      await session(sweep, 'reviewer@state.example'),
      await session(sweep, 'anchor@cascade.example'),
      await session(sweep, 'compliance@meridian.example'),
      await session(sweep, 'auditor@oig.example'),
    ];
    for (const client of readers) for (const url of urls) await client.get(url);

    console.info(`contracts: the sweep checked JSON answers of ${covered.size} routes`);
    expect(failures, 'answers that failed their schema').toEqual([]);
    expect([...new Set(drops)], 'fields a response schema dropped').toEqual([]);
    expect(covered.size).toBeGreaterThan(60);
  });
}
