// The top bar and page frame of a foreign buyer, in the buyer's language: the workspace is the only
// place in the app for a buyer, so the menu holds its link and the language switch; the home page
// ('/') is the workspace.
import { Link, Navigate, Outlet, useRouterState } from '@tanstack/react-router';
import { Notifications } from '../../app/Notifications.tsx';
import { useSession } from '../../app/session.tsx';
import { LanguageSwitcher } from '../../i18n/LanguageSwitcher.tsx';
import { useVocabulary } from './vocabulary.ts';
import './buyers.css';

export function BuyerShell() {
  const { user, logout } = useSession();
  const { t } = useVocabulary();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  if (pathname === '/') return <Navigate to="/buyer" replace />;
  return (
    <>
      <a className="skip" href="#main">
        {t('buyer.shell.skip')}
      </a>
      <header className="topbar buyer-topbar">
        <Link to="/buyer" className="brand">
          aiep
        </Link>
        <nav aria-label={t('buyer.shell.nav')}>
          <Link to="/buyer">{t('buyer.shell.workspace')}</Link>
          <LanguageSwitcher />
        </nav>
        <div className="who">
          <Notifications />
          <span>
            {user.name} · {user.org.name}
          </span>
          <button className="link" onClick={() => void logout()}>
            {t('buyer.shell.logout')}
          </button>
        </div>
      </header>
      <main id="main" className="page">
        <Outlet />
      </main>
    </>
  );
}
