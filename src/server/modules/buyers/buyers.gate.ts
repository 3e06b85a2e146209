// Placeholder until the buyers module lands: every buyer organization counts as clear.
import type { Deps } from '../../lib/context.ts';

export type BuyerScreeningStatus = 'clear' | 'pending' | 'blocked';

/** Where screening stands for each buyer organization: only 'clear' ones may go beyond the public pages. */
export async function buyerScreeningStatus(_deps: Pick<Deps, 'db'> | Deps, orgIds: readonly string[]): Promise<Map<string, BuyerScreeningStatus>> {
  return new Map(orgIds.map((id) => [id, 'clear' as const]));
}
