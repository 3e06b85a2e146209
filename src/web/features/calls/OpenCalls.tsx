// The public catalog's "Open calls" section: title, summary, dates, eligible regions and sectors of
// each call taking proposals now — nothing else (GET /api/v1/public/calls).
import { ErrorBox, Loading } from '../../components/ui.tsx';
import { dateTime } from '../../lib/format.ts';
import { useApiQuery } from '../../lib/query.ts';
import type { PublicCallView } from '../../../shared/contracts/calls.ts';

export function OpenCalls() {
  const calls = useApiQuery<{ items: PublicCallView[] }>('/api/v1/public/calls');
  return (
    <section className="card" aria-labelledby="open-calls">
      <h2 id="open-calls">Open calls for proposals</h2>
      {!calls.data ? (
        calls.error ? (
          <ErrorBox error={calls.error} />
        ) : (
          <Loading />
        )
      ) : calls.data.items.length === 0 ? (
        <p className="muted">No call is open at the moment.</p>
      ) : (
        <ul className="plain">
          {calls.data.items.map((c) => (
            <li key={c.id}>
              <strong>{c.title}</strong>
              <p>{c.summary}</p>
              <p className="small">
                Open since {dateTime(c.opensAt)} · {c.rolling ? 'rolling: proposals are taken at any time' : `closes ${dateTime(c.closesAt)}`}
                {c.eligibleRegions.length > 0 && ` · regions: ${c.eligibleRegions.join(', ')}`}
                {c.eligibleSectors.length > 0 && ` · sectors: ${c.eligibleSectors.join(', ')}`}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
