import { act, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Layout } from '../components/Layout';
import { RequireAuth } from '../components/RequireAuth';
import { WalletPage } from '../pages/WalletPage';
import { fakeFetch, jsonResponse, makeJwt, problemResponse, renderAt, storeSession } from '../test/helpers';
import { decodeJwt, isAdmin, loadSession, SESSION_STORAGE_KEY, sessionFromLogin } from './session';
import { EXPIRED_NOTICE } from './SessionContext';

const routes = [
  {
    path: '/',
    element: <Layout />,
    children: [
      { path: 'wallet', element: <RequireAuth><WalletPage /></RequireAuth> },
      { path: 'signin', element: <p>sign-in page</p> },
    ],
  },
];

function renderWallet(fetchImpl: typeof fetch) {
  return renderAt('/wallet', routes as never, fetchImpl);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('reading the token', () => {
  it('takes user, roles and end from the JWT claims', () => {
    const now = Date.UTC(2030, 0, 1);
    const exp = now / 1000 + 600;
    const token = makeJwt({ sub: 'u-1', username: 'admin', roles: ['USER', 'ADMIN'], exp });
    const session = sessionFromLogin({ accessToken: token, tokenType: 'Bearer', expiresIn: 3600 }, now);
    expect(session).toMatchObject({ userId: 'u-1', username: 'admin', roles: ['USER', 'ADMIN'], expiresAt: exp * 1000 });
    expect(isAdmin(session)).toBe(true);
  });

  it('falls back to expiresIn when the token has no exp', () => {
    const token = makeJwt({ sub: 'u-1', username: 'bob', roles: ['USER'] });
    const session = sessionFromLogin({ accessToken: token, tokenType: 'Bearer', expiresIn: 60 }, 1_000);
    expect(session.expiresAt).toBe(61_000);
    expect(isAdmin(session)).toBe(false);
  });

  it('reads base64url payloads with non-ASCII names', () => {
    const token = makeJwt({ sub: 'u-2', username: 'zoë' });
    expect(decodeJwt(token)?.username).toBe('zoë');
    expect(decodeJwt('not-a-token')).toBeNull();
  });
});

describe('session expiry', () => {
  it('keeps a valid session across a reload', async () => {
    storeSession();
    renderWallet(fakeFetch({ 'GET /api/wallet': () => jsonResponse(200, { accountId: 'a-1', balance: 500 }) }) as unknown as typeof fetch);
    expect((await screen.findByTestId('wallet-balance')).textContent).toBe('€500.00');
    expect(screen.getByText('alice')).toBeTruthy();
  });

  it('signs out a stored session that has already ended, and says so', async () => {
    storeSession({ expiresAt: Date.now() - 1000 });
    renderWallet(fakeFetch({}) as unknown as typeof fetch);
    expect(await screen.findByText('sign-in page')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain(EXPIRED_NOTICE);
    expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('signs out when the token runs out while the page is open', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    storeSession({ expiresAt: Date.now() + 65_000 });
    renderWallet(fakeFetch({ 'GET /api/wallet': () => jsonResponse(200, { accountId: 'a-1', balance: 500 }) }) as unknown as typeof fetch);
    expect(await screen.findByTestId('wallet-balance')).toBeTruthy();

    await act(async () => {
      vi.advanceTimersByTime(61_000);
    });
    expect(await screen.findByText('sign-in page')).toBeTruthy();
    expect(screen.getByText(EXPIRED_NOTICE)).toBeTruthy();
    expect(loadSession()).toBeNull();
  });

  it('signs out when the gateway answers 401 to a call made with the token', async () => {
    storeSession();
    renderWallet(
      fakeFetch({ 'GET /api/wallet': () => problemResponse(401, { title: 'Unauthorized', detail: 'The access token has expired.' }) }) as unknown as typeof fetch,
    );
    expect(await screen.findByText('sign-in page')).toBeTruthy();
    expect(screen.getByText(EXPIRED_NOTICE)).toBeTruthy();
    expect(loadSession()).toBeNull();
  });
});
