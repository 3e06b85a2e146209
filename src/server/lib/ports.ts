// What one module needs from another that sits above it, passed in by the composition root
// (src/server/compose.ts) instead of imported: the dependency points one way, and a missing
// implementation is a type error at start-up, never a silent "no hits".
import type { ListHit } from '../../engines/export-control/types.ts';
import type { ConcernResult, OwnershipFacts } from '../../shared/domain/ownership.ts';
import type { CellStatus } from '../../shared/contracts/compliance.ts';
import type { Problem } from '../../shared/domain/completeness.ts';
import type { Deps, ServiceContext } from './context.ts';
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

/** The facts of an organization that screening and the country-of-concern test read. */
export const SCREENED_ORGANIZATION_FACTS = ['name', 'countryOfIncorporation', 'principalPlaceOfBusiness', 'owners', 'ultimateParent'] as const;
export type ScreenedOrganizationFact = (typeof SCREENED_ORGANIZATION_FACTS)[number];

/**
 * An organization's screened facts changed (its legal name, country, principal place of business,
 * owners or ultimate parent): what other modules react to, in the same transaction. `concern` is the
 * country-of-concern test (src/shared/domain/ownership.ts) before and after.
 */
export interface OrganizationChange {
  orgId: string;
  changed: ScreenedOrganizationFact[];
  before: Required<OwnershipFacts>;
  after: Required<OwnershipFacts>;
  concern: { before: ConcernResult; after: ConcernResult };
  actorId: string;
}

export interface Ports {
  /** The screening-list hits of a proposal's parties, from the active lists (screening module; read by compliance). */
  screeningHits(deps: Deps, proposalId: string, parties: PartyRef[]): Promise<PartyHits>;
  /** The reaction to a membership change (designation opens an amendment; called by consortia). */
  membershipChanged(tx: Tx, change: MembershipChange): Promise<void>;
  /** The reaction to a change of a company's screened facts (designation reopens review; called by organizations). */
  organizationChanged(deps: Deps, tx: Tx, change: OrganizationChange): Promise<void>;
  /** The compliance matrix's status of a proposal as the viewer sees it (compliance module; read by the program office's queue). */
  complianceStatus(ctx: ServiceContext, proposalId: string): Promise<CellStatus>;
  /** What the proposal's call still asks of its working content: narratives and attachments (calls module, with the documents module's documents; read by the proposals module's completeness and submission). */
  callCompleteness(deps: Pick<Deps, 'db'>, proposalId: string): Promise<Problem[]>;
}
