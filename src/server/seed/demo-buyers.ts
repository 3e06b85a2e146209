// The demo's foreign buyer: a French-speaking Cambodian government agency (fictional) whose
// workspace is open (screened clear against the demo's list), with a requirement the designated
// ASEAN package fits, a follow of that package and one interest record, shared with the consortium.
import type { Deps, ServiceContext } from '../lib/context.ts';
import { loadActor } from '../modules/auth/auth.service.ts';
import { createBuyerAccount, createRequirement, followPackage, registerInterest } from '../modules/buyers/buyers.service.ts';

export const DEMO_BUYER = { orgId: 'org-anc-kh', email: 'buyer@anc-kh.example', name: 'Agence nationale du numérique du Cambodge', userName: 'Sophea Chan' } as const;

/** The demo buyer with its requirement, follow and interest in the ASEAN package (`aseanId`). */
export async function seedDemoBuyer(deps: Deps, aseanId: string): Promise<void> {
  const { userId } = await createBuyerAccount(deps, {
    orgId: DEMO_BUYER.orgId,
    name: DEMO_BUYER.name,
    country: 'KH',
    kind: 'government',
    user: { name: DEMO_BUYER.userName, email: DEMO_BUYER.email, password: deps.config.DEMO_PASSWORD, locale: 'fr' },
  });
  const buyer: ServiceContext = { ...deps, actor: (await loadActor(deps, userId))! };
  const requirement = await createRequirement(buyer, {
    title: 'Nuage souverain et assistants IA pour les services publics',
    country: 'KH',
    sector: 'government_services',
    layers: ['infrastructure', 'model', 'application'],
    deployments: ['sovereign_cloud'],
    dataResidency: 'in_country',
    modelLicensing: 'open_weight',
    languages: ['km', 'fr', 'en'],
    budgetMinUsd: 8_000_000,
    budgetMaxUsd: 25_000_000,
    timeline: '6_to_12_months',
    financing: ['EXIM'],
    notes: 'Hébergement dans le pays exigé ; assistants en khmer et en français pour les guichets administratifs.',
    shareWithConsortia: true,
  });
  await followPackage(buyer, aseanId);
  await registerInterest(buyer, {
    proposalId: aseanId,
    requirementId: requirement.id,
    message: 'Nous souhaiterions une démonstration et un calendrier de déploiement pour trois ministères pilotes.',
    consentToShare: true,
  });
}
