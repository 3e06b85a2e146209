// The web app's routes (TanStack Router, defined in code): typed path parameters, and search
// parameters validated with zod, so filters live in the URL (shareable, and Back undoes them).
// The public catalog, its packages' pages and the 404 page stand alone; every other page sits
// behind the session check in the `app` layout (the login form when nobody is logged in).
import { createRootRoute, createRoute, createRouter, Outlet, type RouterHistory } from '@tanstack/react-router';
import { AccessLogPage, AccessLogSearch } from '../features/access-log/AccessLogPage.tsx';
import { ApiKeysPanel } from '../features/api-keys/ApiKeysPanel.tsx';
import { SecurityPage } from '../features/mfa/SecurityPage.tsx';
import { UsersPage } from '../features/users/UsersPage.tsx';
import { AdminMailPage } from '../features/mail/AdminMailPage.tsx';
import { NotificationPreferencesPage } from '../features/mail/NotificationPreferencesPage.tsx';
import { RecordsPage } from '../features/records/RecordsPage.tsx';
import { ForgotPasswordPage, ResetPasswordPage, SignupPage, TokenSearch, VerifyEmailPage } from '../features/onboarding/PublicForms.tsx';
import { RegistrationsPage, RegistrationsSearch } from '../features/onboarding/RegistrationsPage.tsx';
import { AcceptInvitationPage } from '../features/identity/AcceptInvitationPage.tsx';
import { InvitationsPage } from '../features/identity/InvitationsPage.tsx';
import { SignInErrorPage, SignInErrorSearch } from '../features/identity/SignInErrorPage.tsx';
import { CatalogPage, CatalogSearch } from '../pages/CatalogPage.tsx';
import { CallsPage } from '../features/calls/CallsPage.tsx';
import { CatalogPackagePage } from '../pages/CatalogPackagePage.tsx';
import { OutcomesPage } from '../features/outcomes/OutcomesPage.tsx';
import { CompliancePage } from '../pages/CompliancePage.tsx';
import { MarketExplorerPage, MarketSearch } from '../features/market/MarketExplorerPage.tsx';
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
import { BuyerSignupPage } from '../features/buyers/BuyerSignupPage.tsx';
import { BuyerWorkspacePage } from '../features/buyers/BuyerWorkspacePage.tsx';
import { InterestPage } from '../features/buyers/InterestPage.tsx';
import { RequirementPage } from '../features/buyers/RequirementPage.tsx';

const rootRoute = createRootRoute({
  component: Outlet,
  notFoundComponent: NotFoundPage,
});

const catalogRoute = createRoute({ getParentRoute: () => rootRoute, path: 'catalog', validateSearch: CatalogSearch, component: CatalogPage });
// The program's public outcomes: aggregates only, no login.
const outcomesRoute = createRoute({ getParentRoute: () => rootRoute, path: 'outcomes', component: OutcomesPage });
const catalogPackageRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'catalog/$id',
  component: function CatalogPackageRoute() {
    const { id } = catalogPackageRoute.useParams();
    return <CatalogPackagePage key={id} id={id} />;
  },
});

// Onboarding's public pages: sign-up, confirming the e-mail address, forgotten password.
const signupRoute = createRoute({ getParentRoute: () => rootRoute, path: 'signup', component: SignupPage });
const verifyEmailRoute = createRoute({ getParentRoute: () => rootRoute, path: 'verify-email', validateSearch: TokenSearch, component: VerifyEmailPage });
const forgotPasswordRoute = createRoute({ getParentRoute: () => rootRoute, path: 'forgot-password', component: ForgotPasswordPage });
const resetPasswordRoute = createRoute({ getParentRoute: () => rootRoute, path: 'reset-password', validateSearch: TokenSearch, component: ResetPasswordPage });
// A foreign buyer signs up in its own language (the e-mail link leads to /verify-email as above).
const buyerSignupRoute = createRoute({ getParentRoute: () => rootRoute, path: 'buyers/signup', component: BuyerSignupPage });

// Sign-in through an OpenID provider: its error page, and the page an invitation e-mail links to.
const signInErrorRoute = createRoute({ getParentRoute: () => rootRoute, path: 'sign-in-error', validateSearch: SignInErrorSearch, component: SignInErrorPage });
const acceptInvitationRoute = createRoute({ getParentRoute: () => rootRoute, path: 'invitations/accept', validateSearch: TokenSearch, component: AcceptInvitationPage });

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
const marketRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'proposals/$id/market',
  validateSearch: MarketSearch,
  component: function MarketRoute() {
    const { id } = marketRoute.useParams();
    return <MarketExplorerPage key={id} id={id} />;
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
const securityRoute = createRoute({ getParentRoute: () => appRoute, path: 'security', component: SecurityPage });
const usersRoute = createRoute({ getParentRoute: () => appRoute, path: 'users', component: UsersPage });
const registrationsRoute = createRoute({ getParentRoute: () => appRoute, path: 'registrations', validateSearch: RegistrationsSearch, component: RegistrationsPage });
const mailPreferencesRoute = createRoute({ getParentRoute: () => appRoute, path: 'settings/notifications', component: NotificationPreferencesPage });
const adminMailRoute = createRoute({ getParentRoute: () => appRoute, path: 'admin/mail', component: AdminMailPage });
const accessLogRoute = createRoute({ getParentRoute: () => appRoute, path: 'access-log', validateSearch: AccessLogSearch, component: AccessLogPage });
const recordsRoute = createRoute({ getParentRoute: () => appRoute, path: 'records', component: RecordsPage });
const callsRoute = createRoute({ getParentRoute: () => appRoute, path: 'calls', component: CallsPage });
const invitationsRoute = createRoute({ getParentRoute: () => appRoute, path: 'invitations', component: InvitationsPage });
// The foreign buyer's workspace: requirements, matches, follows and interest records.
const buyerRoute = createRoute({ getParentRoute: () => appRoute, path: 'buyer', component: BuyerWorkspacePage });
const buyerRequirementRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'buyer/requirements/$id',
  component: function BuyerRequirementRoute() {
    const { id } = buyerRequirementRoute.useParams();
    return <RequirementPage key={id} id={id} />;
  },
});
const buyerInterestRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'buyer/interests/$id',
  component: function BuyerInterestRoute() {
    const { id } = buyerInterestRoute.useParams();
    return <InterestPage key={id} id={id} />;
  },
});

export const routeTree = rootRoute.addChildren([
  catalogRoute,
  catalogPackageRoute,
  outcomesRoute,
  signupRoute,
  verifyEmailRoute,
  forgotPasswordRoute,
  resetPasswordRoute,
  signInErrorRoute,
  acceptInvitationRoute,
  buyerSignupRoute,
  appRoute.addChildren([buyerRoute, buyerRequirementRoute, buyerInterestRoute, invitationsRoute, homeRoute, proposalRoute, complianceRoute, marketRoute, dealRoute, reviewRoute, consortiumRoute, portfolioRoute, monitoringRoute, monitoringReportRoute, screeningRoute, organizationRoute, apiKeysRoute, securityRoute, usersRoute, accessLogRoute, registrationsRoute, recordsRoute, callsRoute, mailPreferencesRoute, adminMailRoute]),
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
