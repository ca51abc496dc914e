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
