import { Link, match, useRouter } from '../lib/router.tsx';
import { humanize } from '../lib/format.ts';
import { ConsortiumPage } from '../pages/ConsortiumPage.tsx';
import { HomePage } from '../pages/HomePage.tsx';
import { OrganizationPage } from '../pages/OrganizationPage.tsx';
import { CompliancePage } from '../pages/CompliancePage.tsx';
import { ProposalPage } from '../pages/ProposalPage.tsx';
import { ReviewPage } from '../pages/ReviewPage.tsx';
import { DealPage } from '../pages/DealPage.tsx';
import { PortfolioPage } from '../pages/PortfolioPage.tsx';
import { ScreeningPage } from '../pages/ScreeningPage.tsx';
import { Notifications } from './Notifications.tsx';
import { useSession } from './session.tsx';
import { can } from '../../shared/access.ts';
import { ApiKeysPanel } from '../features/api-keys/ApiKeysPanel.tsx';

function Route() {
  const { path } = useRouter();
  let m;
  if ((m = match('/proposals/:id/compliance', path))) return <CompliancePage key={m.id} id={m.id!} />;
  if ((m = match('/proposals/:id', path))) return <ProposalPage key={m.id} id={m.id!} />;
  if ((m = match('/deals/:id', path))) return <DealPage key={m.id} id={m.id!} />;
  if (match('/portfolio', path)) return <PortfolioPage />;
  if (match('/screening', path.split('?')[0]!)) return <ScreeningPage key={path} />;
  if ((m = match('/reviews/:id', path))) return <ReviewPage key={m.id} id={m.id!} />;
  if ((m = match('/consortia/:id', path))) return <ConsortiumPage key={m.id} id={m.id!} />;
  if (match('/organization', path)) return <OrganizationPage />;
  if (match('/api-keys', path)) return <ApiKeysPanel />;
  return <HomePage />;
}

export function Shell() {
  const { user, logout } = useSession();
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
          <Link to="/portfolio">Portfolio</Link>
          {can(user, 'screening.search') && <Link to="/screening">Screening</Link>}
          <Link to="/api-keys">API keys</Link>
          <a href="/catalog">Public catalog</a>
          <a href="/docs" target="_blank" rel="noreferrer">
            API docs
          </a>
        </nav>
        <div className="who">
          <Notifications />
          <span>
            {user.name} · {user.roles.map(humanize).join(', ')} · {user.org.name}
          </span>
          <button className="link" onClick={() => void logout()}>
            Log out
          </button>
        </div>
      </header>
      <main id="main" className="page">
        <Route />
      </main>
    </>
  );
}
