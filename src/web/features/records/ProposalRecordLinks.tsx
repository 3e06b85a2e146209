// The proposal page's record downloads: the proposal as one PDF (whoever may read the proposal; its
// pages holding business-confidential information carry a banner), and the FOIA export of its public
// material for the program office, auditors and administrators once it was submitted.
import { can } from '../../../shared/access.ts';
import { useSession } from '../../app/session.tsx';

export function ProposalRecordLinks({ proposalId, submitted }: { proposalId: string; submitted: boolean }) {
  const { user } = useSession();
  return (
    <>
      <a className="button secondary" href={`/api/v1/proposals/${proposalId}/pdf`} download>
        Download PDF
      </a>
      {submitted && can(user, 'records.foia_export') && (
        <a className="button secondary" href={`/api/v1/proposals/${proposalId}/foia-export`} download title="A ZIP of the public material, with a manifest of what was withheld">
          FOIA export
        </a>
      )}
    </>
  );
}
