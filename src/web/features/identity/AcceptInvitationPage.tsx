// The page an invitation e-mail links to: who invites the person where, with which roles; then
// "Sign in with <provider>" (the provider's verified e-mail must be the invited address) or a
// password for a local account. A used, withdrawn or expired link says so.
import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useState, type FormEvent } from 'react';
import type { InvitationPreview } from '../../../shared/contracts/identity.ts';
import { roleLabel } from '../../../shared/labels.ts';
import { Alert, ErrorBox, Loading } from '../../components/ui.tsx';
import { post } from '../../lib/api.ts';
import { dateTime } from '../../lib/format.ts';
import { ProviderButtons } from './SignInProviders.tsx';

const route = getRouteApi('/invitations/accept');

export function AcceptInvitationPage() {
  const { token } = route.useSearch();
  const [preview, setPreview] = useState<InvitationPreview | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  useEffect(() => {
    if (!token) return;
    let live = true;
    post<InvitationPreview>('/api/v1/invitations/preview', { token }).then(
      (p) => live && setPreview(p),
      (e: unknown) => live && setLoadError(e),
    );
    return () => {
      live = false;
    };
  }, [token]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await post('/api/v1/invitations/accept', { token, name, password });
      setDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login" id="main">
      <h1>Your invitation</h1>
      {!token && <Alert>This invitation link is incomplete. Open the link from the e-mail again, or copy the whole address.</Alert>}
      <ErrorBox error={loadError} />
      {token && !preview && !loadError && <Loading />}
      {preview && done && (
        <Alert kind="success">
          Your account is ready. <Link to="/">Log in</Link> with {preview.email} and your new password.
        </Alert>
      )}
      {preview && !done && (
        <>
          <p>
            You are invited to join <strong>{preview.orgName}</strong> as {preview.roles.map(roleLabel).join(', ')}, with the e-mail address{' '}
            <strong>{preview.email}</strong>. The invitation is open until {dateTime(preview.expiresAt)}.
          </p>
          {preview.providers.length > 0 && (
            <section aria-label="Sign in with a provider">
              <p>Sign in with an account whose verified e-mail address is {preview.email}:</p>
              <ProviderButtons providers={preview.providers} />
            </section>
          )}
          <form onSubmit={submit} className="card" aria-label="Set a password">
            <h2>{preview.providers.length > 0 ? 'Or set a password' : 'Set a password'}</h2>
            <ErrorBox error={error} />
            <label>
              Your name
              <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" required maxLength={200} />
            </label>
            <label>
              Password
              <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" required />
            </label>
            <p className="muted small">At least 12 characters; a phrase of your own, not a common password, your name or your e-mail.</p>
            <button type="submit" disabled={busy}>
              {busy ? 'Creating your account…' : 'Create my account'}
            </button>
          </form>
        </>
      )}
      <p className="small">
        <Link to="/">Log in</Link> · <Link to="/catalog">Public catalog</Link>
      </p>
    </main>
  );
}
