// The proposal toolbar's link to the market explorer, for users who may explore this package's markets.
import { Link } from '@tanstack/react-router';
import { canOn, consortiumRelations } from '../../../shared/access.ts';
import type { ConsortiumView } from '../../../shared/contracts/views.ts';
import { useSession } from '../../app/session.tsx';

export function MarketExplorerLink({ proposalId, consortium }: { proposalId: string; consortium: ConsortiumView }) {
  const { user } = useSession();
  if (!canOn(user, 'market.explore', consortiumRelations({ orgId: user.org.id, orgKind: user.org.kind }, consortium))) return null;
  return (
    <Link to="/proposals/$id/market" params={{ id: proposalId }} className="button secondary">
      Market explorer
    </Link>
  );
}
