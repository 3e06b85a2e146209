// The composition root: the one place that wires modules to the ports they need from modules above
// them (src/server/lib/ports.ts). The server, the CLI and the tests all build their deps here.
import type { Config } from './config.ts';
import type { Db } from './db/connection.ts';
import { auditKeyring } from './lib/audit-keys.ts';
import type { Clock } from './lib/clock.ts';
import type { Deps } from './lib/context.ts';
import { callCompletenessProblems } from './modules/calls/calls.service.ts';
import { complianceStatusOf } from './modules/compliance/compliance.service.ts';
import { documentsOfProposal } from './modules/documents/documents.service.ts';
import { openMembershipAmendments, openOrganizationAmendments } from './modules/designation/designation.service.ts';
import { askJoinedMemberToCertify } from './modules/proposals/proposals.service.ts';
import { screeningHitsForParties } from './modules/screening/screening.index.ts';

export function composeDeps<C extends Clock>(base: { db: Db; config: Config; clock: C }): Deps & { clock: C } {
  return {
    ...base,
    // Read (or, for the key file, created) only when an event is first signed or verified.
    auditKeys: auditKeyring(base.config),
    ports: {
      // The compliance matrix takes its parties' list hits from the screening module's active lists.
      screeningHits: screeningHitsForParties,
      // A company joining or leaving the consortium of a designated package opens a membership
      // amendment; a company that joins is asked to certify for the consortium's open proposals.
      membershipChanged: async (tx, change) => {
        await openMembershipAmendments(tx, change);
        await askJoinedMemberToCertify(tx, change);
      },
      // A member's change of name, country, ownership or ultimate parent reopens review of its packages and proposals.
      organizationChanged: openOrganizationAmendments,
      // The program office's queue (proposals module) shows each proposal's compliance status.
      complianceStatus: (ctx, proposalId) => complianceStatusOf(ctx, proposalId),
      // The proposals module's completeness adds what the proposal's call asks for: narratives (calls) and attachments (documents).
      callCompleteness: async (deps, proposalId) => callCompletenessProblems(deps, proposalId, await documentsOfProposal(deps, proposalId, { publicOnly: false })),
    },
  };
}
