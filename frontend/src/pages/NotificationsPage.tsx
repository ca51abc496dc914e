import { Link } from 'react-router';
import { EmptyState, ErrorAlert, formatDateTime, Loading } from '../components/ui';
import { useOrderChanges } from '../events';
import { useSession } from '../session/SessionContext';
import { useResource } from '../useResource';
import { useDocumentTitle } from '../useDocumentTitle';

/** Notifications are written after the order's events arrive; a few seconds' polling keeps up. */
const NOTIFICATIONS_REFRESH_MS = 5_000;

/** The kinds the notification service writes. */
const KIND_WORDS: Record<string, string> = {
  PLACED: 'Order placed',
  COMPLETED: 'Order completed',
  CANCELLED: 'Order cancelled',
  PAYMENT_DECLINED: 'Payment declined',
  REFUNDED: 'Payment refunded',
};

export function kindLabel(kind: string): string {
  return KIND_WORDS[kind] ?? kind.replace(/[_-]+/g, ' ').toLowerCase().replace(/^./, (c) => c.toUpperCase());
}

export function NotificationsPage() {
  useDocumentTitle('Notifications');
  const { api } = useSession();
  const notifications = useResource((signal) => api.notifications(signal), [api], { pollMs: NOTIFICATIONS_REFRESH_MS });
  useOrderChanges(() => notifications.reload());

  return (
    <section className="page">
      <div className="page-heading">
        <h1>Notifications</h1>
        <button type="button" className="button button-quiet" onClick={notifications.reload} disabled={notifications.loading}>
          Refresh
        </button>
      </div>
      {notifications.error ? <ErrorAlert error={notifications.error} onRetry={notifications.reload} /> : null}
      {!notifications.data && notifications.loading && <Loading label="Loading your notifications…" />}
      {notifications.data && notifications.data.items.length === 0 && (
        <EmptyState title="Nothing new.">
          <p>Messages about your orders and payments will appear here.</p>
        </EmptyState>
      )}
      {notifications.data && notifications.data.items.length > 0 && (
        <ul className="notification-list" aria-label="Notifications, newest first">
          {notifications.data.items.map((notification) => (
            <li key={notification.notificationId} className={`card notification kind-${notification.kind.toLowerCase()}`}>
              <p className="notification-kind">{kindLabel(notification.kind)}</p>
              <p className="notification-message">{notification.message}</p>
              <p className="muted">
                <time dateTime={notification.createdAt}>{formatDateTime(notification.createdAt)}</time>
                {notification.orderId && (
                  <>
                    {' · '}
                    <Link to={`/orders/${notification.orderId}`}>See the order</Link>
                  </>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
