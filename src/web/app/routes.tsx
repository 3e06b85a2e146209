// The web app's routes (TanStack Router, defined in code): typed path parameters, and search
// parameters validated with zod, so filters live in the URL (shareable, and Back undoes them).
// The public catalog, its packages' pages and the 404 page stand alone; every other page sits
// behind the session check in the `app` layout (the login form when nobody is logged in).
import { createRootRoute, createRoute, createRouter, Outlet, type RouterHistory } from '@tanstack/react-router';
import { AccessLogPage, AccessLogSearch } from '../features/access-log/AccessLogPage.tsx';
import { ApiKeysPanel } from '../features/api-keys/ApiKeysPanel.tsx';
import { UsersPage } from '../features/users/UsersPage.tsx';
import { CatalogPage, CatalogSearch } from '../pages/CatalogPage.tsx';
import { CatalogPackagePage } from '../pages/CatalogPackagePage.tsx';
import { CompliancePage } from '../pages/CompliancePage.tsx';
import { ConsortiumPage } from '../pages/ConsortiumPage.tsx';
import { DealPage } from '../pages/DealPage.tsx';
import { HomePage, HomeSearch } from '../pages/HomePage.tsx';
import { MonitoringPage } from '../pages/MonitoringPage.tsx';
import { MonitoringReportPage } from '../pages/MonitoringReportPage.tsx';
import { NotFoundPage } from '../pages/NotFoundPage.tsx';
import { OrganizationPage } from '../pages/OrganizationPage.tsx';
import { PortfolioPage } from '../pages/PortfolioPage.tsx';
import { ProposalPage } from '../pages/ProposalPage.tsx';
import { ReviewPage } from '../pages/ReviewPage.tsx';
import { ScreeningPage, ScreeningSearch } from '../pages/ScreeningPage.tsx';
import { AppLayout } from './Shell.tsx';

const rootRoute = createRootRoute({
  component: Outlet,
  notFoundComponent: NotFoundPage,
});

const catalogRoute = createRoute({ getParentRoute: () => rootRoute, path: 'catalog', validateSearch: CatalogSearch, component: CatalogPage });
const catalogPackageRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'catalog/$id',
  component: function CatalogPackageRoute() {
    const { id } = catalogPackageRoute.useParams();
    return <CatalogPackagePage key={id} id={id} />;
  },
});

/** Every page that needs a login: the session check, then the top bar and the page. */
const appRoute = createRoute({ getParentRoute: () => rootRoute, id: 'app', component: AppLayout });

const homeRoute = createRoute({ getParentRoute: () => appRoute, path: '/', validateSearch: HomeSearch, component: HomePage });

// A page keyed by its id starts afresh (its forms empty) when the id changes.
const proposalRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'proposals/$id',
  component: function ProposalRoute() {
    const { id } = proposalRoute.useParams();
    return <ProposalPage key={id} id={id} />;
  },
});
const complianceRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'proposals/$id/compliance',
  component: function ComplianceRoute() {
    const { id } = complianceRoute.useParams();
    return <CompliancePage key={id} id={id} />;
  },
});
const dealRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'deals/$id',
  component: function DealRoute() {
    const { id } = dealRoute.useParams();
    return <DealPage key={id} id={id} />;
  },
});
const reviewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'reviews/$id',
  component: function ReviewRoute() {
    const { id } = reviewRoute.useParams();
    return <ReviewPage key={id} id={id} />;
  },
});
const consortiumRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'consortia/$id',
  component: function ConsortiumRoute() {
    const { id } = consortiumRoute.useParams();
    return <ConsortiumPage key={id} id={id} />;
  },
});
const portfolioRoute = createRoute({ getParentRoute: () => appRoute, path: 'portfolio', component: PortfolioPage });
const monitoringRoute = createRoute({ getParentRoute: () => appRoute, path: 'monitoring', component: MonitoringPage });
const monitoringReportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'monitoring/$id',
  component: function MonitoringReportRoute() {
    const { id } = monitoringReportRoute.useParams();
    return <MonitoringReportPage key={id} id={id} />;
  },
});
const screeningRoute = createRoute({ getParentRoute: () => appRoute, path: 'screening', validateSearch: ScreeningSearch, component: ScreeningPage });
const organizationRoute = createRoute({ getParentRoute: () => appRoute, path: 'organization', component: OrganizationPage });
const apiKeysRoute = createRoute({ getParentRoute: () => appRoute, path: 'api-keys', component: ApiKeysPanel });
const usersRoute = createRoute({ getParentRoute: () => appRoute, path: 'users', component: UsersPage });
const accessLogRoute = createRoute({ getParentRoute: () => appRoute, path: 'access-log', validateSearch: AccessLogSearch, component: AccessLogPage });

export const routeTree = rootRoute.addChildren([
  catalogRoute,
  catalogPackageRoute,
  appRoute.addChildren([homeRoute, proposalRoute, complianceRoute, dealRoute, reviewRoute, consortiumRoute, portfolioRoute, monitoringRoute, monitoringReportRoute, screeningRoute, organizationRoute, apiKeysRoute, usersRoute, accessLogRoute]),
]);

/** The app's router; tests pass a memory history. */
export function createAppRouter(history?: RouterHistory) {
  return createRouter({
    routeTree,
    history,
    // An unknown URL is answered by the root's 404 page, not by the nearest layout.
    notFoundMode: 'root',
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
