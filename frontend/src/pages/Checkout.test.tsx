import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { emptyCart, addToCart } from '../cart/cart';
import { CART_STORAGE_KEY } from '../cart/CartContext';
import { fakeFetch, headerOf, jsonResponse, problemResponse, renderAt, storeSession } from '../test/helpers';
import { CartPage } from './CartPage';

const jug = { productId: '6f1c2a4e-0000-4000-8000-000000000001', name: 'Milk jug', description: '', price: 14.9, availableStock: 20 };

function putInCart(quantity = 2) {
  localStorage.setItem(CART_STORAGE_KEY, JSON.stringify(addToCart(emptyCart, jug, quantity)));
}

const routes = [
  { path: '/cart', element: <CartPage /> },
  { path: '/orders/:orderId', element: <p>order page</p> },
];

describe('checkout', () => {
  it('sends one order however often the button is pressed while it is out', async () => {
    storeSession();
    putInCart();
    let answer: (response: Response) => void = () => {};
    const fetchImpl = fakeFetch({
      'GET /api/wallet': () => jsonResponse(200, { accountId: 'a-1', balance: 500 }),
      'POST /api/orders': () => new Promise<Response>((resolve) => (answer = resolve)),
    });
    renderAt('/cart', routes, fetchImpl as unknown as typeof fetch);

    const button = await screen.findByRole('button', { name: /Place order/ });
    // Two presses before React can re-render: the guard must not rely on the disabled attribute.
    fireEvent.click(button);
    fireEvent.click(button);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Placing order…' })).toHaveProperty('disabled', true));
    fireEvent.click(screen.getByRole('button', { name: 'Placing order…' }));

    const orderCalls = () => fetchImpl.mock.calls.filter(([, init]) => init?.method === 'POST');
    expect(orderCalls()).toHaveLength(1);
    const [, init] = orderCalls()[0];
    expect(JSON.parse(init?.body as string)).toEqual({ items: [{ productId: jug.productId, quantity: 2 }] });
    expect(headerOf(init, 'Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);

    answer(jsonResponse(202, { orderId: 'o-1', status: 'PENDING' }));
    expect(await screen.findByText('order page')).toBeTruthy();
    expect(JSON.parse(localStorage.getItem(CART_STORAGE_KEY) ?? '{}').lines).toEqual([]);
  });

  it('reuses the key when the same cart is sent again after a failure, and not after a change', async () => {
    storeSession();
    putInCart();
    let attempt = 0;
    const fetchImpl = fakeFetch({
      'GET /api/wallet': () => jsonResponse(200, { accountId: 'a-1', balance: 500 }),
      'POST /api/orders': () => {
        attempt++;
        return problemResponse(503, { title: 'Service Unavailable', detail: 'The user service is not available right now; please try again shortly.' });
      },
    });
    renderAt('/cart', routes, fetchImpl as unknown as typeof fetch);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: /Place order/ }));
    expect((await screen.findByRole('alert')).textContent).toContain('The user service is not available right now');
    await user.click(screen.getByRole('button', { name: /Place order/ }));
    await waitFor(() => expect(attempt).toBe(2));

    await user.click(screen.getByRole('button', { name: 'One more Milk jug' }));
    await user.click(screen.getByRole('button', { name: /Place order/ }));
    await waitFor(() => expect(attempt).toBe(3));

    const keys = fetchImpl.mock.calls.filter(([, init]) => init?.method === 'POST').map(([, init]) => headerOf(init, 'Idempotency-Key'));
    expect(keys[0]).toBeDefined();
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('asks a visitor to sign in before ordering', async () => {
    putInCart();
    renderAt('/cart', routes, fakeFetch({}) as unknown as typeof fetch);
    expect(await screen.findByRole('link', { name: 'Sign in to place your order' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Place order/ })).toBeNull();
  });
});
