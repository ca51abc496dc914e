import { Link } from 'react-router';
import { EmptyState, ErrorAlert, formatDateTime, Loading, Money, StatusBadge } from '../components/ui';
import { useOrderChanges } from '../events';
import { useSession } from '../session/SessionContext';
import { useResource } from '../useResource';
import { useDocumentTitle } from '../useDocumentTitle';

export function OrdersPage() {
  useDocumentTitle('My orders');
  const { api } = useSession();
  const orders = useResource((signal) => api.orders(signal), [api]);
  useOrderChanges(() => orders.reload());

  return (
    <section className="page">
      <div className="page-heading">
        <h1>My orders</h1>
        <button type="button" className="button button-quiet" onClick={orders.reload} disabled={orders.loading}>
          Refresh
        </button>
      </div>
      {orders.error ? <ErrorAlert error={orders.error} onRetry={orders.reload} /> : null}
      {!orders.data && orders.loading && <Loading label="Loading your orders…" />}
      {orders.data && orders.data.length === 0 && (
        <EmptyState title="You have not ordered anything yet.">
          <p>
            <Link to="/">Find something in the catalog.</Link>
          </p>
        </EmptyState>
      )}
      {orders.data && orders.data.length > 0 && (
        <ul className="order-list" aria-label="Orders, newest first">
          {orders.data.map((order) => {
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
    </section>
  );
}
