import { useState } from 'react';
import { Link } from 'react-router';
import type { Page } from '../api/client';
import type { Order } from '../api/types';
import { EmptyState, ErrorAlert, formatDateTime, Loading, Money, StatusBadge } from '../components/ui';
import { useOrderChanges } from '../events';
import { useSession } from '../session/SessionContext';
import { useResource } from '../useResource';
import { useDocumentTitle } from '../useDocumentTitle';

export function OrdersPage() {
  useDocumentTitle('My orders');
  const { api } = useSession();
  const orders = useResource((signal) => api.orders(signal), [api]);
  // older pages, fetched one by one on request; a reload starts again from the newest
  const [older, setOlder] = useState<Page<Order> | null>(null);
  const [olderLoading, setOlderLoading] = useState(false);
  const [olderError, setOlderError] = useState<unknown>(null);
  const reload = () => {
    setOlder(null);
    setOlderError(null);
    orders.reload();
  };
  useOrderChanges(reload);
  const shown = orders.data ? [...orders.data.items, ...(older?.items ?? [])] : undefined;
  const next = older ? older.next : (orders.data?.next ?? null);

  async function showOlder() {
    if (!next) return;
    setOlderLoading(true);
    setOlderError(null);
    try {
      const page = await api.orders(undefined, next);
      setOlder({ items: [...(older?.items ?? []), ...page.items], next: page.next });
    } catch (failure) {
      setOlderError(failure);
    } finally {
      setOlderLoading(false);
    }
  }

  return (
    <section className="page">
      <div className="page-heading">
        <h1>My orders</h1>
        <button type="button" className="button button-quiet" onClick={reload} disabled={orders.loading}>
          Refresh
        </button>
      </div>
      {orders.error ? <ErrorAlert error={orders.error} onRetry={reload} /> : null}
      {!orders.data && orders.loading && <Loading label="Loading your orders…" />}
      {shown && shown.length === 0 && (
        <EmptyState title="You have not ordered anything yet.">
          <p>
            <Link to="/">Find something in the catalog.</Link>
          </p>
        </EmptyState>
      )}
      {shown && shown.length > 0 && (
        <ul className="order-list" aria-label="Orders, newest first">
          {shown.map((order) => {
            const pieces = order.items.reduce((sum, item) => sum + item.quantity, 0);
            return (
              <li key={order.orderId} className="card order-row">
                <div>
                  <Link to={`/orders/${order.orderId}`} className="order-link">
                    {order.items.map((item) => item.productName).join(', ') || 'Order'}
                  </Link>
                  <p className="muted">
                    {formatDateTime(order.placedAt)} · {pieces} {pieces === 1 ? 'item' : 'items'}
                  </p>
                  {order.status === 'CANCELLED' && order.cancellationReason && (
                    <p className="muted">{order.cancellationReason}</p>
                  )}
                </div>
                <div className="order-row-side">
                  <StatusBadge status={order.status} />
                  <Money amount={order.total} />
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {olderError ? <ErrorAlert error={olderError} onRetry={showOlder} /> : null}
      {next && (
        <button type="button" className="button button-quiet" onClick={showOlder} disabled={olderLoading}>
          {olderLoading ? 'Loading older orders…' : 'Show older orders'}
        </button>
      )}
    </section>
  );
}
