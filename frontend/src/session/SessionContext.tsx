import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createApi, type Api } from '../api/client';
import {
  SESSION_STORAGE_KEY,
  clearSession,
  isExpired,
  loadSession,
  saveSession,
  sessionFromLogin,
  timeLeft,
  type Session,
} from './session';

export const EXPIRED_NOTICE = 'Your session has expired. Please sign in again.';
export const SIGNED_OUT_NOTICE = 'You have been signed out.';

interface SessionValue {
  session: Session | null;
  api: Api;
  /** A message about the session for the shopper (expired, signed out), until dismissed. */
  notice: string | null;
  dismissNotice: () => void;
  signIn: (username: string, password: string) => Promise<Session>;
  signOut: (notice?: string) => void;
}

const SessionContext = createContext<SessionValue | null>(null);

/** setTimeout cannot wait longer than this; a longer session is re-checked when the timer fires. */
const MAX_TIMER_MS = 2_147_483_647;

function initialSession(): { session: Session | null; notice: string | null } {
  const stored = loadSession();
  if (stored && isExpired(stored)) {
    clearSession();
    return { session: null, notice: EXPIRED_NOTICE };
  }
  return { session: stored, notice: null };
}

export function SessionProvider({ children, fetchImpl }: { children: ReactNode; fetchImpl?: typeof fetch }) {
  const [initial] = useState(initialSession);
  const [session, setSession] = useState<Session | null>(initial.session);
  const [notice, setNotice] = useState<string | null>(initial.notice);
  const sessionRef = useRef(session);
  sessionRef.current = session;

  const end = useCallback((message: string | null) => {
    clearSession();
    sessionRef.current = null;
    setSession(null);
    setNotice(message);
  }, []);

  const api = useMemo(
    () =>
      createApi({
        fetch: fetchImpl,
        getToken: () => {
          const current = sessionRef.current;
          if (!current) return null;
          if (isExpired(current)) {
            queueMicrotask(() => end(EXPIRED_NOTICE));
            return null;
          }
          return current.token;
        },
        onUnauthorized: () => end(EXPIRED_NOTICE),
      }),
    [end, fetchImpl],
  );

  useEffect(() => {
    if (!session) return undefined;
    const timer = setTimeout(
      () => {
        if (isExpired(session)) end(EXPIRED_NOTICE);
        else setSession({ ...session });
      },
      Math.min(timeLeft(session), MAX_TIMER_MS),
    );
    return () => clearTimeout(timer);
  }, [session, end]);

  // Signing in or out in another tab applies here too.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key !== SESSION_STORAGE_KEY) return;
      const stored = loadSession();
      if (stored && !isExpired(stored)) setSession(stored);
      else if (sessionRef.current) end(SIGNED_OUT_NOTICE);
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [end]);

  const signIn = useCallback(
    async (username: string, password: string) => {
      const next = sessionFromLogin(await api.login(username, password));
      saveSession(next);
      sessionRef.current = next;
      setSession(next);
      setNotice(null);
      return next;
    },
    [api],
  );

  const signOut = useCallback((message: string = SIGNED_OUT_NOTICE) => end(message), [end]);
  const dismissNotice = useCallback(() => setNotice(null), []);

  const value = useMemo(
    () => ({ session, api, notice, dismissNotice, signIn, signOut }),
    [session, api, notice, dismissNotice, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}
