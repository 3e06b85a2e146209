import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  BuyerSignupBody,
  BuyerStatusSchema,
  ConsortiumInterestListResponse,
  FollowListResponse,
  InterestBody,
  InterestDetailSchema,
  InterestListResponse,
  InterestReceipt,
  InterestStatusBody,
  InterestStatusResponse,
  ProposalIdParams,
  RequirementBody,
  RequirementListResponse,
  RequirementSchema,
  RequirementUpdateBody,
} from '../../../shared/contracts/buyers.ts';
import { IdParams, NoContent } from '../../../shared/contracts/common.ts';
import { OnboardingAccepted } from '../../../shared/contracts/onboarding.ts';
import { ctxOf } from '../../http/auth.ts';
import type { Deps } from '../../lib/context.ts';
import {
  archiveRequirement,
  buyerSignup,
  buyerStatus,
  createRequirement,
  followPackage,
  getInterest,
  getRequirement,
  listFollows,
  listInterests,
  listPackageInterests,
  listRequirements,
  registerInterest,
  setInterestStatus,
  unfollowPackage,
  updateRequirement,
} from './buyers.service.ts';

/** Per client address, as the company sign-up: the public step that creates accounts is limited tightly. */
const SIGNUP_LIMIT = { max: 10, timeWindow: '1 hour' };

/** Foreign buyers' sign-up and workspace, the program office's handling of interest records, and the interest a package received. */
export function buyerRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['buyers'];

  r.post(
    '/api/v1/public/buyers/signup',
    {
      schema: {
        tags,
        summary: 'A foreign buyer registers its organization and first user; a link to confirm the e-mail address follows and the organization is screened at once (the answer is the same whether or not the address has an account)',
        security: [],
        body: BuyerSignupBody,
        response: { 202: OnboardingAccepted },
      },
      config: { public: true, rateLimit: SIGNUP_LIMIT },
    },
    async (req, reply) => reply.code(202).send(await buyerSignup(deps, req.body)),
  );

  r.get('/api/v1/buyer/status', { schema: { tags, summary: 'The buyer’s organization and where its screening stands (answers while screening is pending or blocked)', response: { 200: BuyerStatusSchema } } }, async (req) =>
    buyerStatus(ctxOf(req, deps)),
  );

  r.get('/api/v1/buyer/requirements', { schema: { tags, summary: 'The buyer organization’s live requirements', response: { 200: RequirementListResponse } } }, async (req) => ({
    items: await listRequirements(ctxOf(req, deps)),
  }));
  r.post('/api/v1/buyer/requirements', { schema: { tags, summary: 'State a requirement', body: RequirementBody, response: { 201: RequirementSchema } } }, async (req, reply) =>
    reply.code(201).send(await createRequirement(ctxOf(req, deps), req.body)),
  );
  r.get('/api/v1/buyer/requirements/:id', { schema: { tags, summary: 'One of the buyer organization’s requirements', params: IdParams, response: { 200: RequirementSchema } } }, async (req) =>
    getRequirement(ctxOf(req, deps), req.params.id),
  );
  r.put(
    '/api/v1/buyer/requirements/:id',
    { schema: { tags, summary: 'Change a requirement (`version` must be the one you read)', params: IdParams, body: RequirementUpdateBody, response: { 200: RequirementSchema } } },
    async (req) => updateRequirement(ctxOf(req, deps), req.params.id, req.body),
  );
  r.delete('/api/v1/buyer/requirements/:id', { schema: { tags, summary: 'Archive a requirement: no longer matched', params: IdParams, response: { 204: NoContent } } }, async (req, reply) => {
    await archiveRequirement(ctxOf(req, deps), req.params.id);
    return reply.code(204).send();
  });

  r.get('/api/v1/buyer/follows', { schema: { tags, summary: 'The catalog packages the buyer follows', response: { 200: FollowListResponse } } }, async (req) => ({ items: await listFollows(ctxOf(req, deps)) }));
  r.put('/api/v1/buyer/follows/:proposalId', { schema: { tags, summary: 'Follow a package of the catalog', params: ProposalIdParams, response: { 204: NoContent } } }, async (req, reply) => {
    await followPackage(ctxOf(req, deps), req.params.proposalId);
    return reply.code(204).send();
  });
  r.delete('/api/v1/buyer/follows/:proposalId', { schema: { tags, summary: 'Stop following a package', params: ProposalIdParams, response: { 204: NoContent } } }, async (req, reply) => {
    await unfollowPackage(ctxOf(req, deps), req.params.proposalId);
    return reply.code(204).send();
  });

  r.get('/api/v1/buyer/interests', { schema: { tags, summary: 'The buyer organization’s interest records', response: { 200: InterestListResponse } } }, async (req) => ({ items: await listInterests(ctxOf(req, deps)) }));
  r.post('/api/v1/buyer/interests', { schema: { tags, summary: 'Register interest in a package of the catalog', body: InterestBody, response: { 201: InterestReceipt } } }, async (req, reply) =>
    reply.code(201).send(await registerInterest(ctxOf(req, deps), req.body)),
  );
  r.get('/api/v1/buyer/interests/:id', { schema: { tags, summary: 'One interest record with its history', params: IdParams, response: { 200: InterestDetailSchema } } }, async (req) => getInterest(ctxOf(req, deps), req.params.id));

  r.post(
    '/api/v1/buyer-interests/:id/status',
    { schema: { tags, summary: 'Move a buyer interest record along (program office; `version` must be the one you read); the buyer is notified', params: IdParams, body: InterestStatusBody, response: { 200: InterestStatusResponse } } },
    async (req) => setInterestStatus(ctxOf(req, deps), req.params.id, req.body),
  );

  r.get(
    '/api/v1/proposals/:id/buyer-interests',
    { schema: { tags, summary: 'The interest a designated package received (its consortium, the program office, the EDAG coordinator); the buyer named only with its consent', params: IdParams, response: { 200: ConsortiumInterestListResponse } } },
    async (req) => ({ items: await listPackageInterests(ctxOf(req, deps), req.params.id) }),
  );
}
