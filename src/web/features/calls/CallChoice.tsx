// Choosing the call a new proposal answers, when the anchor member starts one: the calls taking
// proposals now; none chosen starts a proposal outside any call.
import { useApiQuery } from '../../lib/query.ts';
import type { CallView } from '../../../shared/contracts/calls.ts';

export function CallChoice({ value, onChange }: { value: string; onChange: (callId: string) => void }) {
  const calls = useApiQuery<{ items: CallView[] }>('/api/v1/calls?status=open');
  const open = calls.data?.items.filter((c) => c.acceptingProposals) ?? [];
  return (
    <label>
      Call for proposals
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">No call</option>
        {open.map((c) => (
          <option key={c.id} value={c.id}>
            {c.title}
            {c.rolling ? ' (rolling)' : ` (closes ${c.closesAt!.slice(0, 10)})`}
          </option>
        ))}
      </select>
    </label>
  );
}
