// Renders a screen as main.tsx does after sign-in: inside the router and a session for `user`, with
// the recorded reference data and the CSRF token that writes must carry.
import { render } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { vi } from 'vitest';
import { SessionContext, type Session } from '../app/session.tsx';
import { setCsrfToken } from '../lib/api.ts';
import { RouterProvider } from '../lib/router.tsx';
import type { SessionUser } from '../lib/types.ts';
import { reference } from './recorded.ts';

export const CSRF_TOKEN = 'csrf-token-of-the-test-session';

export function renderAs(user: SessionUser, ui: ReactElement, { path = '/' }: { path?: string } = {}) {
  window.history.replaceState(null, '', path);
  setCsrfToken(CSRF_TOKEN);
  const session: Session = { user, reference, logout: vi.fn(async () => {}) };
  const view = render(
    <RouterProvider>
      <SessionContext.Provider value={session}>{ui}</SessionContext.Provider>
    </RouterProvider>,
  );
  return { ...view, user: userEvent.setup({ delay: null }) };
}
