import { useState, type FormEvent } from 'react';
import { Link } from '@tanstack/react-router';
import { ErrorBox } from '../components/ui.tsx';
import { ApiError, post } from '../lib/api.ts';
import type { SessionUser } from '../lib/types.ts';
import type { MfaState } from '../../shared/contracts/auth.ts';
import { SignInProviders } from '../features/identity/SignInProviders.tsx';

export function LoginPage({ onLogin }: { onLogin: (user: SessionUser, csrf: string, mfa: MfaState) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      // `mfa` other than 'ok': the second step (a code, or setting up an authenticator) comes next.
      const res = await post<{ user: SessionUser; csrfToken: string; mfa?: MfaState }>('/api/v1/auth/login', { email, password });
      onLogin(res.user, res.csrfToken, res.mfa ?? 'ok');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <h1>American AI Exports Program</h1>
      <p className="muted">Proposals, compliance, review and financing of full-stack AI export packages.</p>
      <form onSubmit={submit} className="card" aria-label="Log in">
        <SignInProviders />
        <ErrorBox error={error} />
        <label>
          Email
          <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </label>
        <label>
          Password
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
        <p>
          <Link to="/forgot-password">Forgot your password?</Link> · <Link to="/signup">Register your company</Link>
          {error instanceof ApiError && error.code === 'EMAIL_NOT_VERIFIED' && (
            <>
              {' '}
              · <Link to="/verify-email">Send a new confirmation link</Link>
            </>
          )}
        </p>
        <p className="muted">
          After several failed attempts, logins to an account from your network are paused for a few minutes, and the answer stays the same
          as for a wrong password; wait a little before trying again.
        </p>
      </form>
    </main>
  );
}
