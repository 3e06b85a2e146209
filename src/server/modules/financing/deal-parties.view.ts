// A deal's parties as the API shows them, with where each one's screening stands: part of the deal
// (getDeal) and of GET …/parties. A system read: the caller has checked the viewer sees the deal.
import type { DealParties, DealPartyRole } from '../../../shared/contracts/deal-parties.ts';
import { canonicalEvidence, PartyEvidenceSchema, type PartyEvidence } from '../../../shared/contracts/party-evidence.ts';
import type { Deps } from '../../lib/context.ts';
import { dealBuyerKey, dealPartiesScreening, dealPartyKey, type DealPartyScreening } from '../screening/screening.parties.ts';
import { findDealParties } from './deal-parties.repository.ts';
import type { DealRow } from './financing.repository.ts';

const screeningView = (s: DealPartyScreening | undefined) => (s ? { screened: s.screened, screenedAt: s.screenedAt, blocking: s.blocking, openAlerts: s.openAlerts } : { screened: false, screenedAt: null, blocking: false, openAlerts: 0 });

/** Stored evidence as the API shows it: what passes the contract, canonical; `{}` when none. */
export function storedEvidence(json: string): PartyEvidence {
  try {
    const parsed = PartyEvidenceSchema.safeParse(JSON.parse(json));
    return (parsed.success ? canonicalEvidence(parsed.data) : undefined) ?? {};
  } catch {
    return {};
  }
}

export async function dealPartiesView(deps: Deps, deal: DealRow, mayEdit: boolean): Promise<DealParties> {
  const [rows, screening] = await Promise.all([findDealParties(deps.db.db, deal.id), dealPartiesScreening(deps, deal.id)]);
  return {
    buyer: { name: deal.buyer_name, type: deal.buyer_type, country: deal.country, screening: screeningView(screening.parties.get(dealBuyerKey(deal.id))) },
    items: rows.map((r) => ({
      id: r.id,
      dealId: r.deal_id,
      role: r.role as DealPartyRole,
      name: r.name,
      type: r.type === 'person' ? ('person' as const) : ('organization' as const),
      country: r.country,
      evidence: storedEvidence(r.evidence_json),
      version: r.version,
      updatedAt: r.updated_at,
      screening: screeningView(screening.parties.get(dealPartyKey(deal.id, r.id))),
    })),
    mayEdit,
  };
}
