import { describe, expect, it } from 'vitest';
import { fakeFetch, jsonResponse, problemResponse } from '../test/helpers';
import { createApi } from './client';
import { ApiError } from './problem';

const notOpenedYet = () =>
  problemResponse(404, {
    title: 'Not Found',
    code: 'ACCOUNT_NOT_FOUND',
    detail: 'You have no payment account yet. It is opened when you register; if you registered a moment ago, try again shortly.',
  });

describe('the wallet', () => {
  it('waits for the payment account that is opened a moment after sign-up', async () => {
    let calls = 0;
    const fetchImpl = fakeFetch({
      'GET /api/wallet': () => (++calls < 3 ? notOpenedYet() : jsonResponse(200, { accountId: 'a-1', balance: 500 })),
    });
    const api = createApi({ getToken: () => 'token-1', fetch: fetchImpl as unknown as typeof fetch });
    await expect(api.wallet()).resolves.toEqual({ accountId: 'a-1', balance: 500 });
    expect(calls).toBe(3);
  });

  it('does not repeat any other refusal', async () => {
    const fetchImpl = fakeFetch({
      'GET /api/wallet': () => problemResponse(404, { title: 'Not Found', detail: 'There is nothing at this address.' }),
    });
    const api = createApi({ getToken: () => 'token-1', fetch: fetchImpl as unknown as typeof fetch });
    const failure = await api.wallet().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).code).toBeNull();
    expect(fetchImpl).toHaveBeenCalledTimes(1);
  });

  it('stops waiting when the page goes away', async () => {
    const fetchImpl = fakeFetch({ 'GET /api/wallet': () => notOpenedYet() });
    const api = createApi({ getToken: () => 'token-1', fetch: fetchImpl as unknown as typeof fetch });
    const controller = new AbortController();
    const result = api.wallet(controller.signal).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    expect(((await result) as Error).name).toBe('AbortError');
    expect(fetchImpl).toHaveBeenCalledTimes(1);
  });
});

describe('lists read a page at a time', () => {
  const order = (orderId: string) => ({ orderId, status: 'COMPLETED', items: [], total: 1, timeline: [] });

  it('follows the next link of the orders until there is none', async () => {
    const fetchImpl = fakeFetch({
      'GET /api/orders': () =>
        new Response(JSON.stringify([order('o-2')]), {
          status: 200,
          headers: { 'Content-Type': 'application/json', Link: '</api/orders?page=1&limit=1>; rel="next"' },
        }),
      'GET /api/orders?page=1&limit=1': () => jsonResponse(200, [order('o-1')]),
    });
    const api = createApi({ getToken: () => 'token-1', fetch: fetchImpl as unknown as typeof fetch });

    const first = await api.orders();
    expect(first.items.map((o) => o.orderId)).toEqual(['o-2']);
    expect(first.next).toBe('/api/orders?page=1&limit=1');
    const second = await api.orders(undefined, first.next ?? undefined);
    expect(second.items.map((o) => o.orderId)).toEqual(['o-1']);
    expect(second.next).toBeNull();
  });

  it('reads the notifications as a page too', async () => {
    const fetchImpl = fakeFetch({ 'GET /api/notifications': () => jsonResponse(200, []) });
    const api = createApi({ getToken: () => 'token-1', fetch: fetchImpl as unknown as typeof fetch });

    await expect(api.notifications()).resolves.toEqual({ items: [], next: null });
  });

  it('never follows a next link away from the API', async () => {
    const fetchImpl = fakeFetch({
      'GET /api/orders': () =>
        new Response('[]', {
          status: 200,
          headers: { 'Content-Type': 'application/json', Link: '<https://elsewhere.example/steal>; rel="next"' },
        }),
    });
    const api = createApi({ getToken: () => 'token-1', fetch: fetchImpl as unknown as typeof fetch });

    await expect(api.orders()).resolves.toEqual({ items: [], next: null });
  });
});
