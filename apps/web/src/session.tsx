import { createContext, ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { api, onTokens, storedTokens, storeTokens, Tokens } from './api';
import { live } from './live';

export interface Position {
  id: string;
  unitId: string;
  unitName: string;
  unitKind: string;
  role: string;
  title: string | null;
}

export interface Me {
  id: string;
  username: string;
  fullName: string;
  positions: Position[];
}

interface Session {
  me: Me | null;
  signIn: (username: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export const LEADER_ROLES = ['leader', 'deputy_leader'];

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [ready, setReady] = useState(false);

  const load = useCallback(async () => {
    if (!storedTokens()) {
      setMe(null);
      return;
    }
    try {
      setMe(await api<Me>('GET', '/me'));
      live.start();
    } catch {
      storeTokens(null);
      setMe(null);
    }
  }, []);

  useEffect(() => {
    void load().finally(() => setReady(true));
    return onTokens((tokens) => {
      if (!tokens) setMe(null);
    });
  }, [load]);

  const signIn = useCallback(
    async (username: string, password: string) => {
      storeTokens(await api<Tokens>('POST', '/auth/sign-in', { username, password }));
      await load();
    },
    [load],
  );

  const signOut = useCallback(async () => {
    await api('POST', '/auth/sign-out').catch(() => undefined);
    storeTokens(null);
    live.stop();
  }, []);

  if (!ready) return null;
  return <SessionContext.Provider value={{ me, signIn, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
