import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { vi } from 'vitest';
import { CartProvider } from '../cart/CartContext';
import { SESSION_STORAGE_KEY, type Session } from '../session/session';
import { SessionProvider } from '../session/SessionContext';

export function makeJwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown) =>
    btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value))))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}.signature`;
}

export function storeSession(overrides: Partial<Session> = {}): Session {
  const session: Session = {
    token: makeJwt({ sub: 'user-1', username: 'alice', roles: ['USER'], exp: Math.floor(Date.now() / 1000) + 3600 }),
    userId: 'user-1',
    username: 'alice',
    roles: ['USER'],
    expiresAt: Date.now() + 3_600_000,
    ...overrides,
  };
  localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
  return session;
}

export function jsonResponse(status: number, body: unknown, contentType = 'application/json'): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': contentType },
  });
}

export function problemResponse(status: number, problem: Record<string, unknown>): Response {
  return jsonResponse(status, { status, ...problem }, 'application/problem+json');
}

type Handler = (url: string, init: RequestInit) => Promise<Response> | Response;

/** A fetch that answers by "METHOD /path" and records every call. */
export function fakeFetch(routes: Record<string, Handler>) {
  return vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = typeof input === 'string' ? input : input.toString();
    const key = `${init.method ?? 'GET'} ${url}`;
    const handler = routes[key];
    if (!handler) throw new Error(`unexpected call ${key}`);
    return handler(url, init);
  });
}

export function headerOf(init: RequestInit | undefined, name: string): string | undefined {
  const headers = (init?.headers ?? {}) as Record<string, string>;
  return headers[name];
}

/** Renders the given routes inside the shop's providers, starting at one address. */
export function renderAt(
  path: string,
  routes: { path: string; element: ReactElement }[],
  fetchImpl: typeof fetch,
) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const result = render(
    <SessionProvider fetchImpl={fetchImpl}>
      <CartProvider>
        <RouterProvider router={router} />
      </CartProvider>
    </SessionProvider>,
  );
  return { ...result, router };
}
