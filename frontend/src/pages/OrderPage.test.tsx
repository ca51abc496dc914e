import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Order, TimelineEntry } from '../api/types';
import { fakeFetch, jsonResponse, renderAt, storeSession } from '../test/helpers';
import { NotificationsPage } from './NotificationsPage';
import { OrderPage } from './OrderPage';

function order(status: Order['status'], steps: string[]): Order {
  const timeline: TimelineEntry[] = steps.map((step, i) => ({
    at: new Date(Date.UTC(2030, 0, 1, 0, 0, i)).toISOString(),
    step,
    detail: null,
  }));
  return {
    orderId: 'o-1',
    userId: 'user-1',
    status,
    items: [{ productId: 'p-1', productName: 'Kettle', quantity: 1, unitPrice: 600, lineTotal: 600 }],
    total: 600,
    cancellationReason: status === 'CANCELLED' ? 'Insufficient funds' : null,
    placedAt: timeline[0].at,
    timeline,
  };
}

function eventStream(orders: Order[]): Response {
  const text = orders.map((o) => `event:order\ndata:${JSON.stringify(o)}\n\n`).join('');
  return new Response(text, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
}

describe('the order page', () => {
  it('keeps reading an ended order until the stock put back after the cancellation shows', async () => {
    storeSession();
    const declined = ['placed', 'stock-reserved', 'payment-declined'];
    const reads: Order[] = [
      order('CANCELLED', [...declined, 'cancelled']),
      order('CANCELLED', [...declined, 'cancelled', 'stock-released']),
    ];
    const fetchImpl = fakeFetch({
      'GET /api/orders/o-1/updates': () => eventStream([order('PENDING', declined), order('CANCELLED', [...declined, 'cancelled'])]),
      'GET /api/orders/o-1': () => jsonResponse(200, reads.length > 1 ? reads.shift() : reads[0]),
    });
    renderAt('/orders/o-1', [{ path: '/orders/:orderId', element: <OrderPage /> }], fetchImpl as unknown as typeof fetch);

    expect(await screen.findByRole('heading', { name: 'Your order was cancelled' })).toBeTruthy();
    expect(await screen.findByText('Putting the reserved stock back on the shelf…')).toBeTruthy();
    expect(await screen.findByText('The stock reserved for this order was put back on the shelf.', {}, { timeout: 5_000 })).toBeTruthy();
    expect(screen.queryByText('Putting the reserved stock back on the shelf…')).toBeNull();
    expect(screen.getByText('Reserved stock put back')).toBeTruthy();
    const orderReads = fetchImpl.mock.calls.filter(([url]) => url === '/api/orders/o-1');
    expect(orderReads).toHaveLength(2);
  });

  it('reads a completed order once, from the stream, and stops', async () => {
    storeSession();
    const fetchImpl = fakeFetch({
      'GET /api/orders/o-1/updates': () =>
        eventStream([order('COMPLETED', ['placed', 'stock-reserved', 'payment-approved', 'completed'])]),
    });
    renderAt('/orders/o-1', [{ path: '/orders/:orderId', element: <OrderPage /> }], fetchImpl as unknown as typeof fetch);
    expect(await screen.findByRole('heading', { name: 'Your order is complete' })).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(fetchImpl).toHaveBeenCalledTimes(1);
  });
});

describe('the notifications page', () => {
  it('names each kind the shop writes', async () => {
    storeSession();
    const kinds = ['REFUNDED', 'PAYMENT_DECLINED', 'CANCELLED', 'COMPLETED', 'PLACED'];
    const fetchImpl = fakeFetch({
      'GET /api/notifications': () =>
        jsonResponse(
          200,
          kinds.map((kind, i) => ({ notificationId: `n-${i}`, orderId: 'o-1', kind, message: `message ${i}`, createdAt: '2030-01-01T00:00:00Z' })),
        ),
    });
    renderAt('/notifications', [{ path: '/notifications', element: <NotificationsPage /> }], fetchImpl as unknown as typeof fetch);
    await screen.findByText('message 0');
    expect(Array.from(document.querySelectorAll('.notification-kind')).map((node) => node.textContent)).toEqual([
      'Payment refunded',
      'Payment declined',
      'Order cancelled',
      'Order completed',
      'Order placed',
    ]);
  });
});
