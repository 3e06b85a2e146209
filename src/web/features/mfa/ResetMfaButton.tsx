// The administrator's reset of a user's two-factor sign-in (a lost phone), with a confirmation.
import { useState } from 'react';
import { ErrorBox } from '../../components/ui.tsx';
import { resetUserMfa } from './mfaApi.ts';

export function ResetMfaButton({ userId, userName }: { userId: string; userName: string }) {
  const [state, setState] = useState<'idle' | 'done'>('idle');
  const [error, setError] = useState<unknown>(null);

  async function reset() {
    if (!window.confirm(`Reset the two-factor sign-in of ${userName}? Their sessions end, and they set up an authenticator again at the next sign-in.`)) return;
    try {
      await resetUserMfa(userId);
      setState('done');
      setError(null);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <>
      <ErrorBox error={error} />
      {state === 'done' ? (
        <span className="muted">Two-factor reset</span>
      ) : (
        <button type="button" className="link" aria-label={`Reset two-factor sign-in of ${userName}`} onClick={() => void reset()}>
          Reset two-factor
        </button>
      )}
    </>
  );
}
