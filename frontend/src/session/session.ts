import type { LoginResponse } from '../api/types';

/** A signed-in shopper, as read from the access token. */
export interface Session {
  token: string;
  userId: string;
  username: string;
  roles: string[];
  /** Epoch milliseconds after which the token is no longer accepted. */
  expiresAt: number;
}

export const SESSION_STORAGE_KEY = 'sagashop.session';

/** A token this close to its end is treated as ended, so no call goes out with a dying token. */
const EXPIRY_MARGIN_MS = 5_000;

interface JwtClaims {
  sub?: string;
  username?: string;
  roles?: unknown;
  exp?: number;
}

/** Reads the claims of a JWT without checking its signature (the gateway does that). */
export function decodeJwt(token: string): JwtClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof claims === 'object' && claims !== null ? (claims as JwtClaims) : null;
  } catch {
    return null;
  }
}

export function sessionFromLogin(login: LoginResponse, now: number = Date.now()): Session {
  const claims = decodeJwt(login.accessToken);
  if (!claims?.sub) throw new Error('The sign-in answer did not contain a usable token.');
  const byLifetime = now + login.expiresIn * 1000;
  const expiresAt = typeof claims.exp === 'number' ? Math.min(claims.exp * 1000, byLifetime) : byLifetime;
  return {
    token: login.accessToken,
    userId: claims.sub,
    username: claims.username ?? claims.sub,
    roles: Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [],
    expiresAt,
  };
}

export function isExpired(session: Session, now: number = Date.now()): boolean {
  return now >= session.expiresAt - EXPIRY_MARGIN_MS;
}

/** Milliseconds until the session must end. */
export function timeLeft(session: Session, now: number = Date.now()): number {
  return Math.max(0, session.expiresAt - EXPIRY_MARGIN_MS - now);
}

export function isAdmin(session: Session | null): boolean {
  return session?.roles.includes('ADMIN') ?? false;
}

export function loadSession(storage: Storage = localStorage): Session | null {
  try {
    const raw = storage.getItem(SESSION_STORAGE_KEY);
    if (!raw) return null;
    const stored = JSON.parse(raw) as Partial<Session>;
    if (
      typeof stored.token !== 'string' ||
      typeof stored.userId !== 'string' ||
      typeof stored.username !== 'string' ||
      typeof stored.expiresAt !== 'number' ||
      !Array.isArray(stored.roles)
    ) {
      return null;
    }
    return stored as Session;
  } catch {
    return null;
  }
}

export function saveSession(session: Session, storage: Storage = localStorage): void {
  storage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
}

export function clearSession(storage: Storage = localStorage): void {
  storage.removeItem(SESSION_STORAGE_KEY);
}
