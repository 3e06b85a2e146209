// Who is logged in. The session is a cached query like any other answer: the app layout asks for it
// once, the login form and "Log out" replace it, and the pages below read it with useSession().
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { createContext, useContext } from 'react';
import { ApiError, get, post, setCsrfToken } from '../lib/api.ts';
import { queryKeyOf } from '../lib/query.ts';
import type { Reference, SessionUser } from '../lib/types.ts';
import type { MfaState } from '../../shared/contracts/auth.ts';

export interface Session {
  user: SessionUser;
  reference: Reference;
  logout(): Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a logged-in shell');
  return s;
}

/** GET /api/v1/auth/session: the user, or null when nobody is logged in. */
export interface SessionAnswer {
  user: SessionUser | null;
  csrfToken: string | null;
  /** The session's two-factor state: a pending one ('challenge', 'enroll') shows the second step first. */
  mfa?: MfaState | null;
}

const SESSION_URL = '/api/v1/auth/session';
const ANONYMOUS: SessionAnswer = { user: null, csrfToken: null };

/**
 * The session check. The server answers an anonymous visitor with `user: null`; a 401 (what it
 * answered before it said so) means the same.
 */
async function fetchSession(): Promise<SessionAnswer> {
  try {
    const answer = await get<SessionAnswer>(SESSION_URL);
    setCsrfToken(answer.csrfToken);
    return answer;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken(null);
      return ANONYMOUS;
    }
    throw e;
  }
}

export function useSessionQuery() {
  // Fresh until the login form or "Log out" replaces it; a 401 on a page means the session ended.
  return useQuery({ queryKey: queryKeyOf(SESSION_URL), queryFn: fetchSession, staleTime: Infinity });
}

/** Replacing the session (login, logout): the new one is stored and the previous user's cached answers go. */
export function useSetSession() {
  const queryClient = useQueryClient();
  return (answer: SessionAnswer) => {
    setCsrfToken(answer.csrfToken);
    queryClient.setQueryData(queryKeyOf(SESSION_URL), answer);
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' && q.queryKey[0] !== 'reference' });
  };
}

export function useLogout() {
  const setSession = useSetSession();
  const navigate = useNavigate();
  return async () => {
    await post('/api/v1/auth/logout');
    // Anonymous first, so the page being left asks nothing more of the server.
    setSession(ANONYMOUS);
    await navigate({ to: '/' });
  };
}
