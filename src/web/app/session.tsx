import { createContext, useContext } from 'react';
import type { Reference, SessionUser } from '../lib/types.ts';

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
