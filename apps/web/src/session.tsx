import { createContext, ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, onTokens, storedTokens, storeTokens, Tokens } from './api';
import type { Me } from './api-schema';
import { live } from './live';
import { disableNotifications } from './notifications';
import { forgetOfflineData } from './offline';
import { ErrorMessage, Loading } from './ui';

interface Session {
  me: Me | null;
  signIn: (username: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
  /** Reads /me again: what I may do changed (a delegation given to me or revoked). */
  reload: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [ready, setReady] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const { t } = useTranslation();

  const load = useCallback(async () => {
    setFailure(null);
    if (!storedTokens()) {
      setMe(null);
      return;
    }
    try {
      setMe(await api<Me>('GET', '/me'));
      live.start();
    } catch (error) {
      // Only the server saying the session is over signs out; an outage keeps it for a retry.
      if (error instanceof ApiError && error.body.statusCode === 401) {
        storeTokens(null);
        setMe(null);
      } else setFailure(error);
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
    // While the token is still good: this browser stops receiving the person's pushes.
    await disableNotifications();
    await forgetOfflineData();
    await api('POST', '/auth/sign-out').catch(() => undefined);
    storeTokens(null);
    live.stop();
  }, []);

  if (!ready) return <Loading />;
  if (failure)
    return (
      <main className="sign-in">
        <ErrorMessage error={failure} />
        <button type="button" onClick={() => void load()}>
          {t('app.retry')}
        </button>
      </main>
    );
  return (
    <SessionContext.Provider value={{ me, signIn, signOut, reload: load }}>
      {children}
    </SessionContext.Provider>
  );
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
