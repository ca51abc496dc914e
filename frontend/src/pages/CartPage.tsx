import { Link } from 'react-router';
import { cartTotal, exceedsStock, itemCount, lineTotal, MAX_QUANTITY, type CartLine } from '../cart/cart';
import { useCart } from '../cart/CartContext';
import { EmptyState, Money } from '../components/ui';
import { useSession } from '../session/SessionContext';
import { useResource } from '../useResource';
import { Checkout } from './Checkout';
import { useDocumentTitle } from '../useDocumentTitle';

export function CartPage() {
  useDocumentTitle('Your cart');
  const { session, api } = useSession();
  const { cart } = useCart();
  const wallet = useResource((signal) => api.wallet(signal), [api, session?.userId], { enabled: !!session });

  if (cart.lines.length === 0) {
    return (
      <section className="page">
        <h1>Your cart</h1>
        <EmptyState title="Your cart is empty.">
          <p>
            <Link to="/">Browse the catalog</Link> and add something you like.
          </p>
        </EmptyState>
      </section>
    );
  }

  const total = cartTotal(cart);
  const count = itemCount(cart);
  const balance = wallet.data?.balance;
  return (
    <section className="page">
      <h1>Your cart</h1>
      <div className="cart-layout">
        <ul className="cart-lines" aria-label="Items in your cart">
          {cart.lines.map((line) => (
            <CartLineRow key={line.productId} line={line} />
          ))}
        </ul>
        <aside className="card summary" aria-label="Order summary">
          <h2>Summary</h2>
          <dl>
            <div>
              <dt>Items</dt>
              <dd>{count}</dd>
            </div>
            <div className="summary-total">
              <dt>Total</dt>
              <dd data-testid="cart-total">
                <Money amount={total} />
              </dd>
            </div>
            {balance !== undefined && (
              <div>
                <dt>Wallet balance</dt>
                <dd>
                  <Money amount={balance} />
                </dd>
              </div>
            )}
          </dl>
          {balance !== undefined && balance < total && (
            <p className="warning">
              Your wallet holds less than this total, so the payment will be declined. <Link to="/wallet">Add money</Link>{' '}
              first.
            </p>
          )}
          <Checkout />
        </aside>
      </div>
    </section>
  );
}

function CartLineRow({ line }: { line: CartLine }) {
  const { setQuantity, remove } = useCart();
  const inputId = `quantity-${line.productId}`;
  const warningId = `stock-${line.productId}`;
  const short = exceedsStock(line);
  return (
    <li className="card cart-line">
      <div className="cart-line-main">
        <h2 className="cart-line-name">{line.name}</h2>
        <p className="cart-line-price">
          <Money amount={line.unitPrice} /> each
        </p>
        {short && (
          <p id={warningId} className="warning">
            {line.availableStock <= 0 ? 'Out of stock at the moment.' : `Only ${line.availableStock} in stock.`} The order
            will be refused if there is not enough.
          </p>
        )}
      </div>
      <div className="cart-line-controls">
        <label htmlFor={inputId}>Quantity</label>
        <div className="stepper">
          <button
            type="button"
            className="button button-quiet"
            aria-label={`One less ${line.name}`}
            disabled={line.quantity <= 1}
            onClick={() => setQuantity(line.productId, line.quantity - 1)}
          >
            −
          </button>
          <input
            id={inputId}
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_QUANTITY}
            value={line.quantity}
            aria-describedby={short ? warningId : undefined}
            onChange={(event) => {
              const value = Number(event.target.value);
              if (event.target.value !== '' && Number.isFinite(value)) setQuantity(line.productId, value);
            }}
          />
          <button
            type="button"
            className="button button-quiet"
            aria-label={`One more ${line.name}`}
            disabled={line.quantity >= MAX_QUANTITY}
            onClick={() => setQuantity(line.productId, line.quantity + 1)}
          >
            +
          </button>
        </div>
        <p className="cart-line-total">
          <Money amount={lineTotal(line)} />
        </p>
        <button
          type="button"
          className="button button-link"
          onClick={() => remove(line.productId)}
          aria-label={`Remove ${line.name} from cart`}
        >
          Remove
        </button>
      </div>
    </li>
  );
}
