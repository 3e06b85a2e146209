// Placeholder until the buyers module lands: every buyer organization counts as clear.
import type { Deps, ServiceContext } from '../../lib/context.ts';

export type BuyerScreeningStatus = 'clear' | 'pending' | 'blocked';

/** Where screening stands for each buyer organization: only 'clear' ones may go beyond the public pages. */
export async function buyerScreeningStatus(_deps: Pick<Deps, 'db'>, orgIds: readonly string[]): Promise<Map<string, BuyerScreeningStatus>> {
  return new Map(orgIds.map((id) => [id, 'clear' as const]));
}

/** Refuses (403) a buyer user whose organization's screening is not clear; other users pass untouched. */
export async function assertBuyerClear(_ctx: ServiceContext): Promise<void> {}
