// Test factories of the buyer's side: a foreign buyer signed up through the public API, its address
// confirmed with the link from the mail outbox, screened at sign-up and logged in; requirements with
// sensible defaults.
import type { RequirementBody, RequirementView } from '../../shared/contracts/buyers.ts';
import type { BuyerKind } from '../../shared/domain/buyers.ts';
import { must, uniqueWord } from './factories.ts';
import type { Client, Harness, Response } from './harness.ts';

export type Locale = 'en' | 'fr' | 'es' | 'ar';

/** The password every factory buyer signs up with (passes the password policy). */
export const BUYER_PASSWORD = 'a buyer passphrase of our own 2026';

let addressCounter = 0;
/** A client address of its own per sign-up, so the sign-up's per-address limit never reaches another test. */
const freshAddress = () => `10.77.${(addressCounter >> 8) & 255}.${addressCounter++ & 255}`;

/** A public POST (no session) from a fresh client address. */
export async function publicPost(h: Harness, url: string, body: unknown): Promise<Response> {
  const res = await h.app.inject({ method: 'POST', url, remoteAddress: freshAddress(), headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null, headers: res.headers };
}

/** The body of a buyer sign-up. */
export function buyerSignupBody(o: { name: string; country: string; kind?: BuyerKind; email?: string; locale?: Locale }) {
  return {
    organization: { name: o.name, country: o.country, kind: o.kind ?? 'government' },
    user: { name: 'Alex Buyer', email: o.email ?? `${uniqueWord('buyer')}@buyer.example`, password: BUYER_PASSWORD },
    locale: o.locale ?? 'en',
  };
}

/** The latest e-mail verification link's token sent to the address. */
export async function verificationToken(h: Harness, email: string): Promise<string> {
  const rows = await h.deps.db.db.selectFrom('mail_outbox').select(['params_json', 'template']).where('to_address', '=', email).where('template', '=', 'email_verification').orderBy('created_at').orderBy('id').execute();
  const row = rows.at(-1);
  if (!row) throw new Error(`no email_verification mail to ${email}`);
  const link = (JSON.parse(row.params_json) as { link: string }).link;
  return new URL(link, 'http://x').searchParams.get('token')!;
}

/**
 * Signs a buyer up through the public API, confirms its address and logs it in. Screening runs at
 * sign-up, so a buyer not on the active list is 'clear' at once; a listed one is 'blocked'.
 */
export async function signUpBuyer(h: Harness, o: { name: string; country: string; kind?: BuyerKind; email?: string; locale?: Locale }): Promise<{ orgId: string; userId: string; email: string; client: Client }> {
  const body = buyerSignupBody(o);
  const email = body.user.email;
  must(await publicPost(h, '/api/v1/public/buyers/signup', body), 202, 'buyer sign-up');
  must(await publicPost(h, '/api/v1/onboarding/verify-email', { token: await verificationToken(h, email) }), 200, 'verify the buyer’s address');
  const user = await h.deps.db.db.selectFrom('users').select(['id', 'org_id']).where('email', '=', email).executeTakeFirstOrThrow();
  const client = await h.login(email, BUYER_PASSWORD);
  return { orgId: user.org_id, userId: user.id, email, client };
}

/** A requirement body with sensible defaults (Cambodia, the public sector, a sovereign cloud in French and Khmer). */
export function requirementBody(overrides: Partial<RequirementBody> = {}): RequirementBody {
  return {
    title: `National AI platform ${uniqueWord('req')}`,
    country: 'KH',
    sector: 'government_services',
    layers: ['infrastructure', 'model', 'application'],
    deployments: ['sovereign_cloud'],
    dataResidency: 'in_country',
    modelLicensing: 'either',
    languages: ['fr', 'km'],
    budgetMinUsd: 5_000_000,
    budgetMaxUsd: 20_000_000,
    timeline: '6_to_12_months',
    financing: ['EXIM'],
    notes: null,
    shareWithConsortia: true,
    ...overrides,
  };
}

/** States a requirement through the buyer's client. */
export async function addRequirement(client: Client, overrides: Partial<RequirementBody> = {}): Promise<RequirementView> {
  return must(await client.post('/api/v1/buyer/requirements', requirementBody(overrides)), 201, 'add a requirement').body as RequirementView;
}
