// GET /api/v1/proposals/{id} answers JSON text spliced from parts cached per snapshot
// (getProposalJson), not through the zod serializer, so nothing but this test keeps that text and
// ProposalDetailSchema — the schema the OpenAPI document shows and the web app's types come
// from — in step. For every demo proposal and a factory one in review, as every kind of viewer:
// the text parses to exactly the schema (nothing missing, nothing extra), and to what the
// serializer makes of getProposal, the read the other proposal routes answer with.
import { expect, it } from 'vitest';
import { ProposalDetailSchema } from '../../../shared/contracts/proposals.ts';
import { PROPOSAL_STATES } from '../../../shared/domain/proposal-lifecycle.ts';
import { describeEachDb } from '../../test/harness.ts';
import { answerConsultations, createProposal, DEFAULT_REVIEWERS, reviewProposal, session } from '../../test/factories.ts';
import { loadActor } from '../auth/auth.service.ts';
import { getProposal } from './proposals.service.ts';

// Fewer than 20 users in all, the factory's included: logins are rate-limited to 20 a minute.
const VIEWERS = [
  'anchor@meridian.example',
  'member@lattice.example',
  'anchor@harborhealth.example',
  'anchor@prairiesignal.example',
  'member@pampa.example',
  'anchor@cascade.example',
  'anchor@northstar.example',
  'program.officer@ita.example',
  'decision@ita.example',
  'auditor@oig.example',
  'admin@aiep.example',
  'edag@state.example',
  'reviewer@ostp.example',
  ...DEFAULT_REVIEWERS,
];

describeEachDb('proposal read contract', (h) => {
  it('the spliced JSON of every proposal parses to exactly ProposalDetailSchema, for every viewer', async () => {
    // A proposal in review: reviewers reach it through their assignments, agencies through consultations.
    const inReview = await createProposal(h(), 'under_review');
    await reviewProposal(h(), inReview.id);
    await answerConsultations(h(), inReview.id);
    const ids = (await h().deps.db.db.selectFrom('proposals').select('id').execute()).map((r) => r.id);
    expect(ids).toContain(inReview.id);

    const seen = { reads: 0, states: new Set<string>(), withInformationRequest: 0, editable: 0, notFound: 0 };
    for (const email of VIEWERS) {
      const client = await session(h(), email);
      const userId = (await client.get('/api/v1/auth/session')).body.user.id as string;
      const ctx = { ...h().deps, actor: (await loadActor(h().deps, userId))! };
      for (const id of ids) {
        const res = await h().app.inject({ method: 'GET', url: `/api/v1/proposals/${id}`, headers: { cookie: client.cookie } });
        if (res.statusCode === 404) {
          seen.notFound++;
          continue;
        }
        expect(res.statusCode, `${email} reads ${id}`).toBe(200);
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
        const body: unknown = JSON.parse(res.body);

        // Nothing missing or mistyped (parse throws), nothing the schema does not name (parse strips it).
        const parsed = ProposalDetailSchema.parse(body);
        expect(parsed, `${email} reads ${id}: the spliced JSON and ProposalDetailSchema differ`).toStrictEqual(body);
        expect(res.headers.etag).toBe(`"${parsed.version}"`);

        // The same answer as the slow path through the zod serializer.
        const encoded = JSON.parse(JSON.stringify(ProposalDetailSchema.encode(await getProposal(ctx, id))));
        expect(body, `${email} reads ${id}: the spliced JSON and getProposal differ`).toStrictEqual(encoded);

        seen.reads++;
        seen.states.add(parsed.state);
        if (parsed.informationRequest) seen.withInformationRequest++;
        if (parsed.permissions.edit !== 'none') seen.editable++;
      }
    }
    // The sample covers what varies by viewer and state.
    expect(seen.reads).toBeGreaterThan(30);
    expect(seen.notFound).toBeGreaterThan(0);
    expect(seen.withInformationRequest).toBeGreaterThan(0);
    expect(seen.editable).toBeGreaterThan(0);
    for (const state of ['draft', 'eligibility_screening', 'returned_for_information', 'under_review', 'designated'] as const) {
      expect(PROPOSAL_STATES).toContain(state);
      expect([...seen.states]).toContain(state);
    }
  });
});
