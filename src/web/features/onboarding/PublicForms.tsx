// The public pages of onboarding, outside the session: a company signs up, confirms its e-mail
// address, asks for a new confirmation link, and asks for and uses a password reset link. Every
// answer that could tell whether an address has an account reads the same whatever the address.
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState, type FormEvent, type ReactNode } from 'react';
import { z } from 'zod';
import type { OnboardingAccepted } from '../../../shared/contracts/onboarding.ts';
import { Alert, ErrorBox } from '../../components/ui.tsx';
import { post } from '../../lib/api.ts';
import { useCountries } from '../catalog/countries.ts';

/** The link's token, as the e-mail put it in the address (`?token=…`). */
export const TokenSearch = z.object({ token: z.string().max(200).optional().catch(undefined) });

function PublicPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="login" id="main">
      <h1>{title}</h1>
      {children}
      <p className="small">
        <Link to="/">Log in</Link> · <Link to="/signup">Register your company</Link> · <Link to="/catalog">Public catalog</Link>
      </p>
    </main>
  );
}

/** A form that posts once and then shows the server's message instead of itself. */
function useSubmit<T extends { message: string }>() {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  async function run(fn: () => Promise<T>) {
    setBusy(true);
    setError(null);
    try {
      setDone((await fn()).message);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return { error, busy, done, run };
}

function CountryField({ label, value, onChange }: { label: string; value: string; onChange: (v: string) => void }) {
  const { countries } = useCountries();
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)} required>
        <option value="">Choose…</option>
        {countries.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name} ({c.code})
          </option>
        ))}
      </select>
    </label>
  );
}

interface OwnerRow {
  name: string;
  country: string;
  percent: string;
}

export function SignupPage() {
  const [org, setOrg] = useState({ name: '', countryOfIncorporation: '', principalPlaceOfBusiness: '', smallBusiness: false });
  const [reg, setReg] = useState({ registrationNumber: '', address: '', website: '' });
  const [owners, setOwners] = useState<OwnerRow[]>([]);
  const [parent, setParent] = useState({ name: '', country: '' });
  const [user, setUser] = useState({ name: '', email: '', password: '' });
  const { error, busy, done, run } = useSubmit<OnboardingAccepted>();

  function submit(e: FormEvent) {
    e.preventDefault();
    void run(() =>
      post<OnboardingAccepted>('/api/v1/onboarding/signup', {
        organization: {
          ...org,
          owners: owners.map((o) => ({ name: o.name, country: o.country, percent: Number(o.percent) })),
          ultimateParent: parent.name.trim() ? parent : null,
        },
        registration: { ...reg, website: reg.website.trim() || null },
        user,
      }),
    );
  }

  if (done) {
    return (
      <PublicPage title="Check your e-mail">
        <Alert kind="success">{done}</Alert>
        <p className="muted">
          No e-mail? <Link to="/verify-email">Ask for a new link</Link>.
        </p>
      </PublicPage>
    );
  }
  return (
    <PublicPage title="Register your company">
      <p className="muted">
        Register the company and yourself as its first user. You confirm your e-mail address, then the program office reviews the registration: until it is
        approved you can sign in and complete your company’s profile, but not form a consortium or start a proposal.
      </p>
      <form onSubmit={submit} className="card" aria-label="Register your company">
        <ErrorBox error={error} />
        <fieldset>
          <legend>Company</legend>
          <label>
            Legal name
            <input value={org.name} onChange={(e) => setOrg({ ...org, name: e.target.value })} required maxLength={200} />
          </label>
          <CountryField label="Country of incorporation" value={org.countryOfIncorporation} onChange={(v) => setOrg({ ...org, countryOfIncorporation: v })} />
          <CountryField label="Principal place of business" value={org.principalPlaceOfBusiness} onChange={(v) => setOrg({ ...org, principalPlaceOfBusiness: v })} />
          <label>
            Registration number
            <input value={reg.registrationNumber} onChange={(e) => setReg({ ...reg, registrationNumber: e.target.value })} required maxLength={100} />
          </label>
          <label>
            Registered address
            <textarea value={reg.address} onChange={(e) => setReg({ ...reg, address: e.target.value })} required maxLength={500} rows={2} />
          </label>
          <label>
            Website (optional)
            <input type="url" placeholder="https://" value={reg.website} onChange={(e) => setReg({ ...reg, website: e.target.value })} maxLength={300} />
          </label>
          <label className="check">
            <input type="checkbox" checked={org.smallBusiness} onChange={(e) => setOrg({ ...org, smallBusiness: e.target.checked })} /> Small business
          </label>
        </fieldset>
        <fieldset>
          <legend>Ownership</legend>
          <p className="small muted">Every owner of a share of the company, with its country and percentage (together at most 100 %), and the ultimate parent if there is one.</p>
          {owners.map((o, i) => (
            <div key={i} className="inline" role="group" aria-label={`Owner ${i + 1}`}>
              <label>
                Owner {i + 1} name
                <input value={o.name} onChange={(e) => setOwners(owners.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))} required />
              </label>
              <CountryField label={`Owner ${i + 1} country`} value={o.country} onChange={(v) => setOwners(owners.map((x, j) => (j === i ? { ...x, country: v } : x)))} />
              <label>
                Owner {i + 1} percent
                <input type="number" min={0.01} max={100} step="0.01" value={o.percent} onChange={(e) => setOwners(owners.map((x, j) => (j === i ? { ...x, percent: e.target.value } : x)))} required />
              </label>
              <button type="button" className="secondary" onClick={() => setOwners(owners.filter((_, j) => j !== i))}>
                Remove owner {i + 1}
              </button>
            </div>
          ))}
          <button type="button" className="secondary" onClick={() => setOwners([...owners, { name: '', country: '', percent: '' }])}>
            Add an owner
          </button>
          <label>
            Ultimate parent (optional)
            <input value={parent.name} onChange={(e) => setParent({ ...parent, name: e.target.value })} maxLength={200} />
          </label>
          {parent.name.trim() && <CountryField label="Ultimate parent’s country" value={parent.country} onChange={(v) => setParent({ ...parent, country: v })} />}
        </fieldset>
        <fieldset>
          <legend>You, the first user</legend>
          <label>
            Your name
            <input autoComplete="name" value={user.name} onChange={(e) => setUser({ ...user, name: e.target.value })} required maxLength={200} />
          </label>
          <label>
            E-mail
            <input type="email" autoComplete="email" value={user.email} onChange={(e) => setUser({ ...user, email: e.target.value })} required />
          </label>
          <label>
            Password
            <input type="password" autoComplete="new-password" minLength={12} value={user.password} onChange={(e) => setUser({ ...user, password: e.target.value })} required />
          </label>
          <p className="small muted">At least 12 characters; a phrase of your own is best. Common passwords and your own name or e-mail are refused.</p>
        </fieldset>
        <button type="submit" disabled={busy}>
          {busy ? 'Registering…' : 'Register'}
        </button>
      </form>
    </PublicPage>
  );
}

const verifyRoute = getRouteApi('/verify-email');

/** With a link's token: confirm the address (a button, so a mail scanner opening the link confirms nothing). Without: ask for a new link. */
export function VerifyEmailPage() {
  const { token } = verifyRoute.useSearch();
  const confirm = useSubmit<{ message: string }>();
  if (!token) return <RequestLinkPage kind="verification" />;
  return (
    <PublicPage title="Confirm your e-mail address">
      {confirm.done ? (
        <Alert kind="success">
          {confirm.done} <Link to="/">Log in</Link>
        </Alert>
      ) : (
        <>
          <ErrorBox error={confirm.error} />
          <button type="button" disabled={confirm.busy} onClick={() => void confirm.run(() => post('/api/v1/onboarding/verify-email', { token }))}>
            {confirm.busy ? 'Confirming…' : 'Confirm my e-mail address'}
          </button>
          {Boolean(confirm.error) && (
            <p>
              <Link to="/verify-email">Ask for a new link</Link>
            </p>
          )}
        </>
      )}
    </PublicPage>
  );
}

/** Asks for a new confirmation link or for a password reset link: one e-mail field, one answer for every address. */
export function RequestLinkPage({ kind }: { kind: 'verification' | 'reset' }) {
  const [email, setEmail] = useState('');
  const { error, busy, done, run } = useSubmit<OnboardingAccepted>();
  const reset = kind === 'reset';
  const url = reset ? '/api/v1/auth/password-reset' : '/api/v1/onboarding/verify-email/resend';
  return (
    <PublicPage title={reset ? 'Forgot your password?' : 'A new confirmation link'}>
      {done ? (
        <Alert kind="success">{done}</Alert>
      ) : (
        <form
          className="card"
          aria-label={reset ? 'Ask for a reset link' : 'Ask for a new confirmation link'}
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => post<OnboardingAccepted>(url, { email }));
          }}
        >
          <p className="muted">{reset ? 'Enter your e-mail address: we send a link to choose a new password, valid for 30 minutes.' : 'Enter the address you registered with: we send a new link to confirm it.'}</p>
          <ErrorBox error={error} />
          <label>
            E-mail
            <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
          </label>
          <button type="submit" disabled={busy}>
            {busy ? 'Sending…' : 'Send the link'}
          </button>
        </form>
      )}
    </PublicPage>
  );
}

export function ForgotPasswordPage() {
  return <RequestLinkPage kind="reset" />;
}

const resetRoute = getRouteApi('/reset-password');

export function ResetPasswordPage() {
  const { token } = resetRoute.useSearch();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const { error, busy, done, run } = useSubmit<{ message: string }>();
  if (!token) return <RequestLinkPage kind="reset" />;
  const mismatch = repeat.length > 0 && repeat !== password;
  return (
    <PublicPage title="Choose a new password">
      {done ? (
        <Alert kind="success">
          {done} <Link to="/">Log in</Link>
        </Alert>
      ) : (
        <form
          className="card"
          aria-label="Choose a new password"
          onSubmit={(e) => {
            e.preventDefault();
            if (!mismatch) void run(() => post('/api/v1/auth/password-reset/confirm', { token, password }));
          }}
        >
          <ErrorBox error={error} />
          <label>
            New password
            <input type="password" autoComplete="new-password" minLength={12} value={password} onChange={(e) => setPassword(e.target.value)} required />
          </label>
          <label>
            Repeat the new password
            <input type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} required aria-invalid={mismatch} />
          </label>
          {mismatch && <p className="small">The two passwords differ.</p>}
          <p className="small muted">Setting it signs you out everywhere. At least 12 characters; common passwords and your own name or e-mail are refused.</p>
          <button type="submit" disabled={busy || mismatch}>
            {busy ? 'Saving…' : 'Set the new password'}
          </button>
          {Boolean(error) && (
            <p>
              <Link to="/forgot-password">Ask for a new link</Link>
            </p>
          )}
        </form>
      )}
    </PublicPage>
  );
}
