// Renders what a test looks at with the app's plumbing around it: a fresh query cache (the app's
// retry and freshness rules) and a router on an in-memory history.
// - renderAs: one screen as it shows after sign-in, inside a session for `user`, with the recorded
//   reference data and the CSRF token that writes must carry;
// - renderApp: the whole app at a URL, through its real routes (the session check, the top bar, the
//   search parameters); the stub answers the session check, the reference and the notifications.
// Both render in English unless `locale` says otherwise.
import { QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, createRootRoute, createRouter, RouterProvider } from '@tanstack/react-router';
import { render } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { vi } from 'vitest';
import { createAppRouter } from '../app/routes.tsx';
import { I18nProvider, type Locale } from '../i18n/index.ts';
import { SessionContext, type Session } from '../app/session.tsx';
import { setCsrfToken } from '../lib/api.ts';
import { queryKeyOf, createQueryClient } from '../lib/query.ts';
import type { SessionUser } from '../lib/types.ts';
import { ok, stubApi, type Answer, type Route } from './api-stub.ts';
import { reference } from './recorded.ts';

export const CSRF_TOKEN = 'csrf-token-of-the-test-session';

/** `cached`: answers already in the query cache, by URL, as if an earlier screen had read them. */
export function renderAs(user: SessionUser, ui: ReactElement, { path = '/', cached = {}, locale = 'en' }: { path?: string; cached?: Record<string, unknown>; locale?: Locale } = {}) {
  setCsrfToken(CSRF_TOKEN);
  const queryClient = createQueryClient();
  for (const [url, answer] of Object.entries(cached)) queryClient.setQueryData(queryKeyOf(url), answer);
  const session: Session = { user, reference, logout: vi.fn(async () => {}) };
  // The screen is the whole route tree: links resolve and navigation moves the in-memory history.
  const rootRoute = createRootRoute({ component: () => <SessionContext.Provider value={session}>{ui}</SessionContext.Provider>, notFoundComponent: () => null });
  const router = createRouter({ routeTree: rootRoute, history: createMemoryHistory({ initialEntries: [path] }) });
  const view = render(
    <I18nProvider locale={locale}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </I18nProvider>,
  );
  return { ...view, router, user: userEvent.setup({ delay: null }) };
}

/**
 * The whole app at `path` for `user` (null: nobody logged in), its requests answered by `routes`
 * as well as the session check, the reference and the notifications.
 */
export function renderApp(user: SessionUser | null, path: string, routes: Record<string, Route> = {}, { session, locale = 'en' }: { session?: Answer; locale?: Locale } = {}) {
  const api = stubApi({
    'GET /api/v1/auth/session': session ?? ok({ user, csrfToken: user ? CSRF_TOKEN : null }),
    'GET /api/v1/reference': ok(reference),
    'GET /api/v1/notifications': ok({ items: [] }),
    // The login form offers the configured OpenID providers (none here).
    'GET /api/v1/auth/oidc/providers': ok({ items: [] }),
    ...routes,
  });
  const router = createAppRouter(createMemoryHistory({ initialEntries: [path] }));
  const view = render(
    <I18nProvider locale={locale}>
      <QueryClientProvider client={createQueryClient()}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </I18nProvider>,
  );
  return { ...view, api, router, user: userEvent.setup({ delay: null }) };
}
