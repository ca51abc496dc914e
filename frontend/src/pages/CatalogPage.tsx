import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { Product } from '../api/types';
import { useCart } from '../cart/CartContext';
import { EmptyState, ErrorAlert, Loading, Money } from '../components/ui';
import { useOrderChanges } from '../events';
import { useSession } from '../session/SessionContext';
import { isFinal } from '../timeline';
import { useResource } from '../useResource';
import { useDocumentTitle } from '../useDocumentTitle';

/** Stock changes with every order, so the catalog looks again now and then while it is open. */
const CATALOG_REFRESH_MS = 10_000;

export function CatalogPage() {
  useDocumentTitle('Catalog');
  const { api } = useSession();
  const { cart, add, refresh } = useCart();
  const products = useResource((signal) => api.products(signal), [api], { pollMs: CATALOG_REFRESH_MS });
  const [added, setAdded] = useState<string | null>(null);

  useOrderChanges((order) => {
    if (isFinal(order)) products.reload();
  });

  useEffect(() => {
    if (products.data) refresh(products.data);
  }, [products.data, refresh]);

  const inCart = (productId: string) => cart.lines.find((line) => line.productId === productId)?.quantity ?? 0;

  function addOne(product: Product) {
    add(product, 1);
    setAdded(product.name);
  }

  return (
    <section className="page">
      <div className="page-heading">
        <h1>Catalog</h1>
        <button type="button" className="button button-quiet" onClick={products.reload} disabled={products.loading}>
          {products.loading && products.data ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      <p className="sr-only" role="status" aria-live="polite">
        {added ? `${added} added to your cart.` : ''}
      </p>
      {products.error ? <ErrorAlert error={products.error} onRetry={products.reload} /> : null}
      {!products.data && products.loading && <Loading label="Loading the catalog…" />}
      {products.data && products.data.length === 0 && (
        <EmptyState title="The shelves are empty.">
          <p>No products are for sale yet. Please come back soon.</p>
        </EmptyState>
      )}
      {products.data && products.data.length > 0 && (
        <ul className="product-grid" aria-label="Products">
          {products.data.map((product) => {
            const quantity = inCart(product.productId);
            const soldOut = product.availableStock <= 0;
            return (
              <li key={product.productId} className="card product" data-product-id={product.productId}>
                <h2 className="product-name">{product.name}</h2>
                <p className="product-description">{product.description}</p>
                <div className="product-facts">
                  <span className="price">
                    <Money amount={product.price} />
                  </span>
                  <StockLabel stock={product.availableStock} />
                </div>
                <div className="product-actions">
                  <button
                    type="button"
                    className="button button-primary"
                    disabled={soldOut}
                    onClick={() => addOne(product)}
                    aria-label={soldOut ? `${product.name} is sold out` : `Add ${product.name} to cart`}
                  >
                    {soldOut ? 'Sold out' : 'Add to cart'}
                  </button>
                  {quantity > 0 && (
                    <Link to="/cart" className="in-cart">
                      {quantity} in cart
                    </Link>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function StockLabel({ stock }: { stock: number }) {
  if (stock <= 0) return <span className="stock stock-out">Out of stock</span>;
  if (stock <= 5) return <span className="stock stock-low">Only {stock} left</span>;
  return <span className="stock">{stock} in stock</span>;
}
