import { useEffect, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { isAbort, sleep } from '../api/client';
import { ApiError } from '../api/problem';
import type { Order } from '../api/types';
import { ErrorAlert, formatDateTime, Loading, Money, StatusBadge } from '../components/ui';
import { announceOrderChange } from '../events';
import { useSession } from '../session/SessionContext';
import { describeStep, isFinal, pendingUndo, sortedTimeline, statusLabel, storyOf, undoInProgress } from '../timeline';
import { useDocumentTitle } from '../useDocumentTitle';

type Live = 'connecting' | 'live' | 'reconnecting' | 'settling' | 'ended' | 'failed';

/** Waits between reconnections when the stream drops before the order has ended. */
const RECONNECT_DELAYS_MS = [1_000, 2_000, 5_000, 10_000];

/** Reads of an ended order while its undo steps are still missing from the timeline (about 30 s in all). */
const SETTLE_DELAYS_MS = [500, 1_000, 1_500, 2_000, 3_000, 4_000, 5_000, 5_000, 8_000];

export function OrderPage() {
  const { orderId = '' } = useParams();
  const { api } = useSession();
  const location = useLocation();
  const justPlaced = (location.state as { justPlaced?: boolean } | null)?.justPlaced ?? false;
  const [order, setOrder] = useState<Order | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [live, setLive] = useState<Live>('connecting');
  useDocumentTitle(order ? `Order ${order.orderId.slice(0, 8)} (${statusLabel(order.status)})` : 'Order');

  // The stream starts with the order as it is, then sends it again after every step, and ends
  // when the order has ended. A dropped stream is opened again while the order is still running.
  // An order can end before its undo steps are recorded (stock put back, payment refunded): the
  // page then reads the order a few more times, until the timeline has settled.
  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    let attempt = 0;
    let latest: Order | null = null;
    setOrder(null);
    setError(null);
    setLive('connecting');

    const receive = (next: Order) => {
      attempt = 0;
      latest = next;
      setLive('live');
      setOrder(next);
      announceOrderChange(next);
    };
    const ended = () => latest !== null && isFinal(latest);
    /** Stops on an answer that will not change by asking again; returns false then. */
    const keepGoing = (failure: unknown) => {
      if (signal.aborted || isAbort(failure)) return false;
      if (failure instanceof ApiError && !failure.isRetryable) {
        setError(failure);
        setLive('failed');
        return false;
      }
      return true;
    };

    async function follow() {
      while (!signal.aborted && !ended()) {
        try {
          await api.followOrder(orderId, receive, signal);
        } catch (failure) {
          if (!keepGoing(failure)) return;
        }
        if (ended() || signal.aborted) break;
        // The stream closed early: read the order once, so the page is right even if the stream stays away.
        try {
          receive(await api.order(orderId, signal));
        } catch (failure) {
          if (!keepGoing(failure)) return;
        }
        if (ended()) break;
        setLive('reconnecting');
        const delay = RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)];
        attempt++;
        await sleep(delay, signal);
      }
      for (const delay of SETTLE_DELAYS_MS) {
        if (signal.aborted || !latest || pendingUndo(latest).length === 0) break;
        setLive('settling');
        await sleep(delay, signal);
        try {
          receive(await api.order(orderId, signal));
        } catch (failure) {
          if (!keepGoing(failure)) return;
        }
      }
      if (!signal.aborted) setLive('ended');
    }

    follow().catch((failure: unknown) => {
      if (!isAbort(failure)) keepGoing(failure);
    });
    return () => controller.abort();
  }, [api, orderId]);

  if (error && !order) {
    return (
      <section className="page">
        <h1>Order</h1>
        <ErrorAlert error={error} />
        <p>
          <Link to="/orders">Back to my orders</Link>
        </p>
      </section>
    );
  }
  if (!order) {
    return (
      <section className="page">
        <h1>Order</h1>
        <Loading label="Loading your order…" />
      </section>
    );
  }

  const story = storyOf(order);
  const undoing = live === 'settling' ? undoInProgress(order) : [];
  return (
    <section className="page">
      <p className="breadcrumb">
        <Link to="/orders">My orders</Link> / Order
      </p>
      <div className="page-heading">
        <h1>Order {order.orderId.slice(0, 8)}</h1>
        <StatusBadge status={order.status} />
      </div>
      {justPlaced && order.status === 'PENDING' && <p className="lead">Thank you! Your order has been placed.</p>}

      <div className={`card story story-${order.status.toLowerCase()}`} aria-live="polite" aria-atomic="true">
        <h2 className="story-headline">{story.headline}</h2>
        <p data-testid="order-explanation">{story.explanation}</p>
        {story.undone.length + undoing.length > 0 && (
          <div className="undone">
            <h3>{undoing.length > 0 ? 'Putting things right' : 'What was undone'}</h3>
            <ul>
              {story.undone.map((line) => (
                <li key={line}>{line}</li>
              ))}
              {undoing.map((line) => (
                <li key={line} className="undoing">
                  {line}
                </li>
              ))}
            </ul>
          </div>
        )}
        <LiveIndicator live={live} final={isFinal(order)} />
      </div>

      <ol className="stages" aria-label="Progress">
        {story.stages.map((stage) => (
          <li key={stage.key} className={`stage stage-${stage.state}`}>
            <span className="stage-dot" aria-hidden="true" />
            <span className="stage-label">{stage.label}</span>
            <span className="sr-only"> ({stageWords[stage.state]})</span>
          </li>
        ))}
      </ol>

      <div className="order-columns">
        <section className="card" aria-labelledby="timeline-heading">
          <h2 id="timeline-heading">Timeline</h2>
          <ol className="timeline" data-testid="timeline">
            {sortedTimeline(order.timeline).map((entry, index) => {
              const words = describeStep(entry.step);
              return (
                <li key={`${entry.step}-${entry.at}-${index}`} className={`timeline-entry tone-${words.tone}`} data-step={entry.step}>
                  <span className="timeline-marker" aria-hidden="true" />
                  <div>
                    <p className="timeline-label">{words.label}</p>
                    {entry.detail && <p className="timeline-detail">{entry.detail}</p>}
                    <p className="timeline-time">
                      <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                    </p>
                  </div>
                </li>
              );
            })}
          </ol>
        </section>

        <section className="card" aria-labelledby="items-heading">
          <h2 id="items-heading">Items</h2>
          <table className="items-table">
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col" className="num">
                  Qty
                </th>
                <th scope="col" className="num">
                  Price
                </th>
                <th scope="col" className="num">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {order.items.map((item) => (
                <tr key={item.productId}>
                  <td>{item.productName}</td>
                  <td className="num">{item.quantity}</td>
                  <td className="num">
                    <Money amount={item.unitPrice} />
                  </td>
                  <td className="num">
                    <Money amount={item.lineTotal} />
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={3}>
                  Order total
                </th>
                <td className="num">
                  <Money amount={order.total} />
                </td>
              </tr>
            </tfoot>
          </table>
          <p className="muted">Placed {formatDateTime(order.placedAt)}</p>
        </section>
      </div>
    </section>
  );
}

const stageWords = {
  done: 'done',
  current: 'in progress',
  failed: 'failed',
  waiting: 'not yet',
  skipped: 'not reached',
} as const;

function LiveIndicator({ live, final }: { live: Live; final: boolean }) {
  if (final) return null;
  const text: Record<Live, string> = {
    connecting: 'Connecting to live updates…',
    live: 'Live: this page updates by itself.',
    reconnecting: 'Connection lost, reconnecting…',
    settling: 'Live: this page updates by itself.',
    ended: 'Live updates stopped. Reload the page to see the latest state.',
    failed: 'Live updates are not available.',
  };
  return (
    <p className={`live live-${live}`}>
      <span className="live-dot" aria-hidden="true" />
      {text[live]}
    </p>
  );
}
