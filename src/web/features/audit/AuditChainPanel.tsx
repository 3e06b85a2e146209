// The audit chain's verification, on demand: the same check as `aiep audit verify`, said in words —
// intact (how many events, how many checkpoints), or where it breaks and what that means.
import { useState } from 'react';
import type { AuditVerification } from '../../../shared/contracts/audit.ts';
import { Alert, ErrorBox } from '../../components/ui.tsx';
import { get } from '../../lib/api.ts';
import { dateTime } from '../../lib/format.ts';

const n = (x: number) => x.toLocaleString('en-US');
const plural = (x: number, one: string, many = `${one}s`) => `${n(x)} ${x === 1 ? one : many}`;

const EVENT_PROBLEMS: Record<NonNullable<AuditVerification['firstBroken']>['problem'], string> = {
  altered: 'its content was changed after it was written.',
  missing_predecessor: 'it does not follow the event before it: an earlier event was removed or altered.',
  unknown_key: 'it is signed with an audit key this server does not hold: the wrong key is configured, a retired key is missing, or the event was forged.',
  downgraded: 'it carries an old, unkeyed hash where only keyed ones can be: the chain was rewritten from there on without the audit key.',
};

const CHECKPOINT_PROBLEMS: Record<NonNullable<AuditVerification['checkpoint']>['problem'], string> = {
  truncated: 'recorded more events than the chain now holds: the most recent events were removed.',
  rehashed: 'no longer matches the chain: events up to it were altered or removed and the chain was rewritten.',
  invalid_signature: 'has an invalid signature: it was forged or altered, or the wrong audit key is configured.',
  unknown_key: 'is signed with an audit key this server does not hold: the wrong key is configured or a retired key is missing.',
  malformed: 'is not a valid checkpoint: the checkpoint file was altered.',
};

/** The verification's result in sentences. */
export function verificationInWords(v: AuditVerification): { ok: boolean; lines: string[] } {
  const lines: string[] = [];
  if (v.firstBroken) {
    const b = v.firstBroken;
    lines.push(`The audit chain breaks at event #${b.seq}, the ${n(b.position)}${ordinal(b.position)} of the chain: ${EVENT_PROBLEMS[b.problem]}`);
    lines.push(`The ${plural(v.checked, 'event')} before it verify.`);
  }
  if (v.checkpoint) {
    const c = v.checkpoint;
    const what = [c.at ? `written ${dateTime(c.at)}` : null, c.count !== null ? `recording ${plural(c.count, 'event')}` : null].filter(Boolean).join(', ');
    lines.push(`Checkpoint ${c.line}${what ? ` (${what})` : ''} ${CHECKPOINT_PROBLEMS[c.problem]}`);
  }
  if (v.ok) {
    const unkeyed = v.unkeyed ? ` (${n(v.unkeyed)} of them from before the chain was keyed)` : '';
    lines.push(`The audit chain is intact: ${plural(v.checked, 'event')} verified${unkeyed}.`);
    lines.push(
      v.checkpoints
        ? `${v.checkpoints === 1 ? 'The signed checkpoint' : `All ${n(v.checkpoints)} signed checkpoints`} kept outside the database ${v.checkpoints === 1 ? 'matches' : 'match'} it.`
        : 'No checkpoint has been written yet, so the removal of the most recent events could not be detected.',
    );
  }
  return { ok: v.ok, lines };
}

function ordinal(x: number): string {
  const t = x % 100;
  if (t >= 11 && t <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][x % 10] ?? 'th';
}

export function AuditChainPanel() {
  const [result, setResult] = useState<AuditVerification | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function verify() {
    setBusy(true);
    try {
      setResult(await get<AuditVerification>('/api/v1/audit/verification'));
      setError(null);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const words = result ? verificationInWords(result) : null;
  return (
    <section className="card" aria-labelledby="audit-chain-heading">
      <h2 id="audit-chain-heading">Audit chain</h2>
      <p className="muted">
        Every change is recorded in a chain of signed events. Verifying walks the whole chain and compares it with the signed checkpoints kept outside the database, as the command <code>aiep audit verify</code> does.
      </p>
      <button onClick={() => void verify()} disabled={busy} aria-busy={busy}>
        {busy ? 'Verifying…' : result ? 'Verify again' : 'Verify the audit chain'}
      </button>
      <ErrorBox error={error} />
      {words && result && (
        <div aria-live="polite">
          <Alert kind={words.ok ? 'success' : 'error'}>
            {words.lines.map((l) => (
              <p key={l}>{l}</p>
            ))}
            <p className="small">Verified {dateTime(result.verifiedAt)}.</p>
          </Alert>
        </div>
      )}
    </section>
  );
}
