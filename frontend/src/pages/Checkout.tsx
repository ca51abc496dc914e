import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../api/problem';
import { cartTotal } from '../cart/cart';
import { useCart } from '../cart/CartContext';
import { ErrorAlert } from '../components/ui';
import { formatMoney } from '../money';
import { useSession } from '../session/SessionContext';

/**
 * Places the cart as one order. The Idempotency-Key belongs to this cart: pressing again after a
 * failure that may have reached the shop resends the same key, so at most one order is placed.
 * While a request is out the button is disabled, and a second press is ignored even before React
 * has re-rendered.
 */
export function Checkout() {
  const { session, api } = useSession();
  const { cart, clear, checkoutKey } = useCart();
  const navigate = useNavigate();
  const inFlight = useRef(false);
  const [placing, setPlacing] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (!session) {
    return (
      <div className="checkout">
        <p>
          <Link to="/signin" state={{ from: '/cart' }} className="button button-primary">
            Sign in to place your order
          </Link>
        </p>
      </div>
    );
  }

  async function placeOrder() {
    if (inFlight.current || cart.lines.length === 0) return;
    inFlight.current = true;
    setPlacing(true);
    setError(null);
    const key = checkoutKey();
    try {
      const placed = await api.placeOrder(
        cart.lines.map((line) => ({ productId: line.productId, quantity: line.quantity })),
        key,
      );
      clear();
      navigate(`/orders/${placed.orderId}`, { state: { justPlaced: true } });
    } catch (failure) {
      setError(failure);
    } finally {
      inFlight.current = false;
      setPlacing(false);
    }
  }

  const retryable = error instanceof ApiError && error.isRetryable;
  return (
    <div className="checkout">
      {error ? (
        <div>
          <ErrorAlert error={error} />
          {retryable && <p className="hint">Pressing “Place order” again is safe: the same order will not be placed twice.</p>}
        </div>
      ) : null}
      <button
        type="button"
        className="button button-primary button-large"
        onClick={placeOrder}
        disabled={placing || cart.lines.length === 0}
        aria-busy={placing || undefined}
      >
        {placing ? 'Placing order…' : `Place order · ${formatMoney(cartTotal(cart))}`}
      </button>
    </div>
  );
}
