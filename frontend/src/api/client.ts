import { ApiError, apiErrorFrom, networkError } from './problem';
import { readEventStream } from './sse';
import type {
  LoginResponse,
  NewProduct,
  Notification,
  Order,
  OrderLineRequest,
  PlacedOrder,
  Product,
  RegisterRequest,
  UserProfile,
  Wallet,
} from './types';

export interface ApiOptions {
  /** The current access token, or null when signed out. */
  getToken: () => string | null;
  /** Called when a call made with a token is answered 401: the session is over. */
  onUnauthorized?: () => void;
  /** Where the gateway's /api lives; empty means the page's own origin (the dev server proxies it). */
  baseUrl?: string;
  fetch?: typeof fetch;
}

interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  accept?: string;
}

export type Api = ReturnType<typeof createApi>;

/**
 * One page of a list the API answers a page at a time (orders, notifications: newest first, at
 * most 200 a page), and the address of the next page, from the answer's Link header, while there
 * is one.
 */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/** The rel="next" target of a Link header, if it is an address of this API (never another site). */
export function nextPageOf(link: string | null): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const match = /^\s*<([^>]*)>\s*;\s*rel="?next"?\s*$/.exec(part);
    if (match && match[1].startsWith('/api/')) return match[1];
  }
  return null;
}

/**
 * The payment account is opened from the registration's event, a moment after sign-up: until then
 * the wallet answers 404 ACCOUNT_NOT_FOUND. Wallet calls wait that long before giving up.
 */
export const ACCOUNT_OPENING_DELAYS_MS = [300, 600, 1_000, 1_500, 2_000, 3_000, 4_000];

export function createApi(options: ApiOptions) {
  const baseUrl = options.baseUrl ?? '';
  const doFetch: typeof fetch = (input, init) => (options.fetch ?? globalThis.fetch)(input, init);

  async function send(path: string, request: RequestOptions = {}): Promise<Response> {
    const token = options.getToken();
    const headers: Record<string, string> = { Accept: request.accept ?? 'application/json', ...request.headers };
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = `Bearer ${token}`;

    let response: Response;
    try {
      response = await doFetch(baseUrl + path, {
        method: request.method ?? 'GET',
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: request.signal,
      });
    } catch (error) {
      if (isAbort(error)) throw error;
      throw networkError();
    }
    if (!response.ok) {
      const failure = apiErrorFrom(response.status, await readJson(response));
      if (failure.isUnauthorized && token) options.onUnauthorized?.();
      throw failure;
    }
    return response;
  }

  async function json<T>(path: string, request?: RequestOptions): Promise<T> {
    const response = await send(path, request);
    return (await readJson(response)) as T;
  }

  async function page<T>(path: string, request?: RequestOptions): Promise<Page<T>> {
    const response = await send(path, request);
    const items = (await readJson(response)) as T[];
    return { items, next: nextPageOf(response.headers.get('Link')) };
  }

  /** A wallet call, repeated while the account is not opened yet (nothing happened on a 404). */
  async function walletCall<T>(path: string, request: RequestOptions = {}): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await json<T>(path, request);
      } catch (failure) {
        const opening = failure instanceof ApiError && failure.status === 404 && failure.code === 'ACCOUNT_NOT_FOUND';
        if (!opening || attempt >= ACCOUNT_OPENING_DELAYS_MS.length) throw failure;
        await sleep(ACCOUNT_OPENING_DELAYS_MS[attempt], request.signal);
      }
    }
  }

  return {
    login: (username: string, password: string) =>
      json<LoginResponse>('/api/auth/login', { method: 'POST', body: { username, password } }),
    register: (account: RegisterRequest) =>
      json<{ userId: string }>('/api/auth/register', { method: 'POST', body: account }),
    me: (signal?: AbortSignal) => json<UserProfile>('/api/users/me', { signal }),

    products: (signal?: AbortSignal) => json<Product[]>('/api/products', { signal }),
    product: (productId: string, signal?: AbortSignal) =>
      json<Product>(`/api/products/${encodeURIComponent(productId)}`, { signal }),
    createProduct: (product: NewProduct) =>
      json<{ productId: string }>('/api/products', { method: 'POST', body: product }),
    restock: (productId: string, quantity: number) =>
      json<{ productId: string; availableStock: number } | null>(
        `/api/products/${encodeURIComponent(productId)}/restock`,
        { method: 'POST', body: { quantity } },
      ),

    wallet: (signal?: AbortSignal) => walletCall<Wallet>('/api/wallet', { signal }),
    deposit: (amount: number) => walletCall<Wallet>('/api/wallet/deposits', { method: 'POST', body: { amount } }),

    placeOrder: (items: OrderLineRequest[], idempotencyKey: string) =>
      json<PlacedOrder>('/api/orders', {
        method: 'POST',
        body: { items },
        headers: { 'Idempotency-Key': idempotencyKey },
      }),
    /** The newest orders, or the page at `path` (a `next` of an earlier page). */
    orders: (signal?: AbortSignal, path = '/api/orders') => page<Order>(path, { signal }),
    order: (orderId: string, signal?: AbortSignal) =>
      json<Order>(`/api/orders/${encodeURIComponent(orderId)}`, { signal }),
    /**
     * Follows one order: each server-sent `order` event carries the whole order. Resolves when the
     * server closes the stream (it does once the order has ended).
     */
    followOrder: async (orderId: string, onOrder: (order: Order) => void, signal: AbortSignal) => {
      const response = await send(`/api/orders/${encodeURIComponent(orderId)}/updates`, {
        accept: 'text/event-stream',
        signal,
      });
      if (!response.body) throw new ApiError(0, 'Live updates are not supported by this browser.', 'No stream');
      await readEventStream(response.body, (event) => {
        if (event.event !== 'order') return;
        try {
          onOrder(JSON.parse(event.data) as Order);
        } catch {
          // A malformed event is skipped; the next one carries the whole order again.
        }
      });
    },

    /** The newest notifications, or the page at `path` (a `next` of an earlier page). */
    notifications: (signal?: AbortSignal, path = '/api/notifications') => page<Notification>(path, { signal }),
  };
}

/** Waits, or rejects with an AbortError as soon as the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DOMException('Aborted', 'AbortError'));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new DOMException('Aborted', 'AbortError'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException ? error.name === 'AbortError' : (error as { name?: string })?.name === 'AbortError';
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
