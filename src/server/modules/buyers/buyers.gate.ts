// The buyer workspace's screening gate (docs/buyers.md#the-screening-gate). A foreign buyer
// organization is screened against the restricted-party lists when it signs up and whenever lists
// change; until it is clear its users reach nothing beyond the public pages, their session, their
// notifications and the status of their own screening. Nothing is cached beyond the call: a
// screening analyst clearing a false positive opens the workspace at the buyer's next request.
import { AppError } from '../../../shared/errors.ts';
import type { Deps, ServiceContext } from '../../lib/context.ts';
import { buyerOrganizationsScreening } from '../screening/screening.parties.ts';

export type BuyerScreeningStatus = 'clear' | 'pending' | 'blocked';

/**
 * Where screening stands for each buyer organization: 'blocked' while a potential or confirmed
 * match is not cleared as a false positive; else 'clear' once screened against the active list
 * versions; else 'pending' (not screened yet, or no list active). Only 'clear' ones may go beyond
 * the public pages. An id that is no buyer organization is 'pending'.
 */
export async function buyerScreeningStatus(deps: Pick<Deps, 'db'>, orgIds: readonly string[]): Promise<Map<string, BuyerScreeningStatus>> {
  const { organizations } = await buyerOrganizationsScreening(deps, [...new Set(orgIds)]);
  return new Map(
    orgIds.map((id) => {
      const s = organizations.get(id);
      const status: BuyerScreeningStatus = !s ? 'pending' : s.unresolvedAlerts > 0 ? 'blocked' : s.screened ? 'clear' : 'pending';
      return [id, status];
    }),
  );
}

const MESSAGES: Record<Exclude<BuyerScreeningStatus, 'clear'>, { code: string; message: string }> = {
  pending: {
    code: 'BUYER_SCREENING_PENDING',
    message: 'Your organization is being screened against the U.S. restricted-party lists. Your workspace opens once screening is complete; this usually takes a few minutes.',
  },
  blocked: {
    code: 'BUYER_SCREENING_BLOCKED',
    message: 'Your organization’s screening found a possible match on a U.S. restricted-party list. The program office’s screening staff are reviewing it; your workspace opens if it is cleared. You may contact the program office.',
  },
};

/** What a buyer whose organization is not clear is told (null when clear). */
export function buyerScreeningMessage(status: BuyerScreeningStatus): string | null {
  return status === 'clear' ? null : MESSAGES[status].message;
}

/** The 403 for a buyer whose organization's screening is not clear. */
export function buyerNotClear(status: Exclude<BuyerScreeningStatus, 'clear'>): AppError {
  return new AppError(403, MESSAGES[status].code, MESSAGES[status].message, [], { screening: status });
}

/** The screening status of one buyer organization. */
export async function buyerOrgStatus(deps: Pick<Deps, 'db'>, orgId: string): Promise<BuyerScreeningStatus> {
  return (await buyerScreeningStatus(deps, [orgId])).get(orgId) ?? 'pending';
}

/** Refuses (403) a buyer user whose organization's screening is not clear; other users pass untouched. */
export async function assertBuyerClear(ctx: ServiceContext): Promise<void> {
  if (ctx.actor.orgKind !== 'buyer') return;
  const status = await buyerOrgStatus(ctx, ctx.actor.orgId);
  if (status !== 'clear') throw buyerNotClear(status);
}
