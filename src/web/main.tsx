import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Shell } from './app/Shell.tsx';
import { SessionContext, type Session } from './app/session.tsx';
import { ApiError, get, post, setCsrfToken } from './lib/api.ts';
import { RouterProvider, useRouter } from './lib/router.tsx';
import type { Reference, SessionUser } from './lib/types.ts';
import { LoginPage } from './pages/LoginPage.tsx';
import { CatalogPage } from './pages/CatalogPage.tsx';
import './styles.css';

function App() {
  useRouter(); // re-render on navigation, so the public catalog and the app switch cleanly
  const [session, setSession] = useState<Session | null | undefined>(undefined);

  async function start(user: SessionUser, csrf: string | null) {
    setCsrfToken(csrf);
    const reference = await get<Reference>('/api/v1/reference');
    setSession({
      user,
      reference,
      async logout() {
        await post('/api/v1/auth/logout');
        setCsrfToken(null);
        setSession(null);
        window.history.pushState(null, '', '/');
      },
    });
  }

  useEffect(() => {
    get<{ user: SessionUser; csrfToken: string | null }>('/api/v1/auth/session')
      .then((s) => start(s.user, s.csrfToken))
      .catch((e) => {
        if (e instanceof ApiError && e.status === 401) setSession(null);
        else throw e;
      });
  }, []);

  if (window.location.pathname.startsWith('/catalog')) return <CatalogPage />;
  if (session === undefined) return <p aria-busy="true">Loading…</p>;
  if (session === null) return <LoginPage onLogin={(u, csrf) => start(u, csrf)} />;
  return (
    <SessionContext.Provider value={session}>
      <Shell />
    </SessionContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RouterProvider>
      <App />
    </RouterProvider>
  </StrictMode>,
);
