// Account security: the user's two-factor sign-in — set it up, new recovery codes, turn it off
// (only when the user's roles do not require it).
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Alert, ErrorBox, Loading } from '../../components/ui.tsx';
import { invalidate, useApiQuery } from '../../lib/query.ts';
import { Enrollment } from './Enrollment.tsx';
import { disableMfa, MFA_URL, regenerateCodes, type MfaStatus } from './mfaApi.ts';
import { RecoveryCodes } from './RecoveryCodes.tsx';

export function SecurityPage() {
  const { data, error } = useApiQuery<MfaStatus>(MFA_URL);
  const queryClient = useQueryClient();
  const reload = () => invalidate(queryClient, [MFA_URL]);
  const [enrolling, setEnrolling] = useState(false);

  if (!data) return error ? <ErrorBox error={error} /> : <Loading />;
  return (
    <>
      <h1>Account security</h1>
      <section className="card" aria-label="Two-factor sign-in">
        <h2>Two-factor sign-in</h2>
        {data.enrolled ? (
          <>
            <p>
              <strong>On.</strong> Each sign-in asks for a code of your authenticator app. Recovery codes left: {data.recoveryCodesLeft}.
            </p>
            <Regenerate />
            {data.required ? <p className="muted">Your role requires two-factor sign-in, so it cannot be turned off. An administrator can reset it if you lose your authenticator.</p> : <Disable onDone={() => void reload()} />}
          </>
        ) : enrolling ? (
          <Enrollment
            doneLabel="Done"
            onEnrolled={() => {
              setEnrolling(false);
              void reload();
            }}
          />
        ) : (
          <>
            <p>
              <strong>Off.</strong> {data.required ? 'Your role requires it.' : 'Optional for your role; recommended.'}
            </p>
            <button type="button" onClick={() => setEnrolling(true)}>
              Set up two-factor sign-in
            </button>
          </>
        )}
      </section>
    </>
  );
}

function Regenerate() {
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const queryClient = useQueryClient();

  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      setCodes((await regenerateCodes(code.trim())).recoveryCodes);
      setCode('');
      setError(null);
      await invalidate(queryClient, [MFA_URL]);
    } catch (err) {
      setError(err);
    }
  }

  if (codes) return <RecoveryCodes codes={codes} onDone={() => setCodes(null)} doneLabel="Done" />;
  return (
    <form onSubmit={submit} aria-label="New recovery codes">
      <h3>New recovery codes</h3>
      <p className="muted">The codes you have now stop working.</p>
      <ErrorBox error={error} />
      <label>
        Authentication code
        <input inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" maxLength={6} value={code} onChange={(e) => setCode(e.target.value)} required />
      </label>
      <button type="submit">Make new recovery codes</button>
    </form>
  );
}

function Disable({ onDone }: { onDone: () => void }) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await disableMfa(code.trim());
      setDone(true);
      onDone();
    } catch (err) {
      setError(err);
    }
  }

  if (done) return <Alert kind="success">Two-factor sign-in is off.</Alert>;
  return (
    <form onSubmit={submit} aria-label="Turn two-factor sign-in off">
      <h3>Turn it off</h3>
      <ErrorBox error={error} />
      <label>
        Authentication code to turn it off
        <input inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" maxLength={6} value={code} onChange={(e) => setCode(e.target.value)} required />
      </label>
      <button type="submit">Turn two-factor sign-in off</button>
    </form>
  );
}
