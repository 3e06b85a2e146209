import { Link, Outlet } from '@tanstack/react-router';
import { roleLabel } from '../../shared/labels.ts';
import { useApiQuery } from '../lib/query.ts';
import type { Reference } from '../lib/types.ts';
import { ErrorBox, Loading } from '../components/ui.tsx';
import { LoginPage } from '../pages/LoginPage.tsx';
import { MfaGate } from '../features/mfa/MfaGate.tsx';
import { Notifications } from './Notifications.tsx';
import { SessionContext, useLogout, useSession, useSessionQuery, useSetSession } from './session.tsx';
import { can } from '../../shared/access.ts';
import { BuyerShell } from '../features/buyers/BuyerShell.tsx';

/** The layout of every page behind the login: the session check, then the shell around the page. */
export function AppLayout() {
  const session = useSessionQuery();
  const setSession = useSetSession();
  const user = session.data?.user;
  // A session whose second sign-in step is still due reaches only the MFA endpoints (MfaGate).
  const mfaPending = session.data?.mfa === 'challenge' || session.data?.mfa === 'enroll' ? session.data.mfa : null;
  const reference = useApiQuery<Reference>('/api/v1/reference', { enabled: !!user && !mfaPending, staleTime: Infinity });
  const logout = useLogout();
  if (session.error) return <ErrorBox error={session.error} />;
  if (!session.data) return <Loading />;
  if (!user) return <LoginPage onLogin={(u, csrfToken, mfa) => setSession({ user: u, csrfToken, mfa })} />;
  if (mfaPending) return <MfaGate user={user} state={mfaPending} onDone={() => setSession({ user, csrfToken: session.data?.csrfToken ?? null, mfa: 'ok' })} onLogout={() => void logout()} />;
  if (!reference.data) return reference.error ? <ErrorBox error={reference.error} /> : <Loading />;
  return (
    <SessionContext.Provider value={{ user, reference: reference.data, logout }}>
      <Shell />
    </SessionContext.Provider>
  );
}

function Shell() {
  const { user, logout } = useSession();
  // A foreign buyer's app is its workspace, in its own language.
  if (can(user, 'buyer.workspace')) return <BuyerShell />;
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          aiep
        </Link>
        <nav aria-label="Main">
          <Link to="/">Home</Link>
          {user.org.kind === 'company' && <Link to="/organization">My company</Link>}
          <Link to="/calls">Calls</Link>
          <Link to="/portfolio">Portfolio</Link>
          <Link to="/monitoring">Monitoring</Link>
          {can(user, 'screening.search') && <Link to="/screening">Screening</Link>}
          {can(user, 'users.read') && <Link to="/users">Users</Link>}
          {(can(user, 'users.invite') || can(user, 'users.invite_colleagues')) && <Link to="/invitations">Invitations</Link>}
          {can(user, 'access_log.read') && <Link to="/access-log">Access log</Link>}
          {can(user, 'mail.manage') && <Link to="/admin/mail">E-mail</Link>}
          {can(user, 'records.read') && <Link to="/records">Records</Link>}
          {can(user, 'organization.registrations.review') && <Link to="/registrations">New organizations</Link>}
          <Link to="/api-keys">API keys</Link>
          <Link to="/security">Security</Link>
          <Link to="/catalog">Public catalog</Link>
          <a href="/docs" target="_blank" rel="noreferrer">
            API docs
          </a>
        </nav>
        <div className="who">
          <Notifications />
          <span>
            {user.name} · {user.roles.map(roleLabel).join(', ')} · {user.org.name}
          </span>
          <Link to="/settings/notifications">E-mail settings</Link>
          <button className="link" onClick={() => void logout()}>
            Log out
          </button>
        </div>
      </header>
      <main id="main" className="page">
        <Outlet />
      </main>
    </>
  );
}
