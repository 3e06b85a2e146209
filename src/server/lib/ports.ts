// What one module needs from another that sits above it, passed in by the composition root
// (src/server/compose.ts) instead of imported: the dependency points one way, and a missing
// implementation is a type error at start-up, never a silent "no hits".
import type { ListHit } from '../../engines/export-control/types.ts';
import type { Deps } from './context.ts';
import type { Tx } from './transaction.ts';

/** A party as declared in the operating model, before screening. */
export interface PartyRef {
  id: string;
  name: string;
  country: string;
  orgId: string | null;
}

/** Screening hits per party id; parties without an entry were not screened. */
export type PartyHits = Record<string, ListHit[]>;

/** A company joined or left a consortium: what other modules react to, in the same transaction. */
export interface MembershipChange {
  consortiumId: string;
  orgId: string;
  orgName: string;
  change: 'joined' | 'removed';
  actorId: string;
}

export interface Ports {
  /** The screening-list hits of a proposal's parties, from the active lists (screening module; read by compliance). */
  screeningHits(deps: Deps, proposalId: string, parties: PartyRef[]): Promise<PartyHits>;
  /** The reaction to a membership change (designation opens an amendment; called by consortia). */
  membershipChanged(tx: Tx, change: MembershipChange): Promise<void>;
}
