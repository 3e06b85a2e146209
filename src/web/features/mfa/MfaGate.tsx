// The second step of signing in, between the password and the app: a code of the authenticator app
// (or a recovery code) when one is set up, or setting one up first when the user's roles require it.
import { useState, type FormEvent } from 'react';
import type { MfaState, SessionUser } from '../../../shared/contracts/auth.ts';
import { Alert, ErrorBox } from '../../components/ui.tsx';
import { useApiQuery } from '../../lib/query.ts';
import { Enrollment } from './Enrollment.tsx';
import { MFA_URL, verifyCode, type MfaStatus } from './mfaApi.ts';

export function MfaGate({ user, state, onDone, onLogout }: { user: SessionUser; state: Exclude<MfaState, 'ok'>; onDone: () => void; onLogout: () => void }) {
  return (
    <main className="login">
      <h1>Two-factor sign-in</h1>
      <p className="muted">Signed in with your password as {user.email}.</p>
      <div className="card">
        {state === 'enroll' ? (
          <>
            <Alert kind="info">Your role requires two-factor sign-in. Set up an authenticator app to continue; you will need it each time you sign in.</Alert>
            <Enrollment onEnrolled={onDone} />
          </>
        ) : (
          <Challenge onDone={onDone} />
        )}
        <p>
          <button type="button" className="link" onClick={onLogout}>
            Sign out
          </button>
        </p>
      </div>
    </main>
  );
}

function Challenge({ onDone }: { onDone: () => void }) {
  const status = useApiQuery<MfaStatus>(MFA_URL);
  const [recovery, setRecovery] = useState(false);
  const [value, setValue] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      await verifyCode(recovery ? { recoveryCode: value.trim() } : { code: value.trim() });
      onDone();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const demoCode = status.data?.demoCode;
  return (
    <form onSubmit={submit} aria-label="Second step">
      <ErrorBox error={error} />
      {recovery ? (
        <label>
          Recovery code
          <input autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} required />
        </label>
      ) : (
        <label>
          Authentication code
          <input inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" maxLength={6} value={value} onChange={(e) => setValue(e.target.value)} required autoFocus />
        </label>
      )}
      <button type="submit" disabled={busy}>
        {busy ? 'Checking…' : 'Verify'}
      </button>
      <p>
        <button
          type="button"
          className="link"
          onClick={() => {
            setRecovery(!recovery);
            setValue('');
          }}
        >
          {recovery ? 'Use a code of the authenticator app' : 'Use a recovery code instead'}
        </button>
      </p>
      {demoCode && !recovery && (
        <Alert kind="info">
          Demo account: its authenticator is derived from the demo password. Current code: <code>{demoCode}</code>{' '}
          <button type="button" className="link" onClick={() => setValue(demoCode)}>
            Use the demo code
          </button>
        </Alert>
      )}
      <p className="muted">Wrong codes count as failed sign-ins: after several, sign-ins from your network are paused for a few minutes.</p>
    </form>
  );
}
