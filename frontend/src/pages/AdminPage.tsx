import { useEffect, useState, type FormEvent } from 'react';
import type { Product } from '../api/types';
import { EmptyState, ErrorAlert, Field, fieldErrorsOf, Loading, Money, TextAreaField } from '../components/ui';
import { parseAmount } from '../money';
import { useSession } from '../session/SessionContext';
import { useResource } from '../useResource';
import { useDocumentTitle } from '../useDocumentTitle';

export function AdminPage() {
  useDocumentTitle('Administration');
  const { api } = useSession();
  const products = useResource((signal) => api.products(signal), [api]);

  return (
    <section className="page">
      <h1>Administration</h1>
      <div className="admin-layout">
        <NewProductForm onCreated={products.reload} />
        <section className="card" aria-labelledby="stock-heading">
          <div className="page-heading">
            <h2 id="stock-heading">Stock</h2>
            <button type="button" className="button button-quiet" onClick={products.reload} disabled={products.loading}>
              Refresh
            </button>
          </div>
          {products.error ? <ErrorAlert error={products.error} onRetry={products.reload} /> : null}
          {!products.data && products.loading && <Loading label="Loading the catalog…" />}
          {products.data && products.data.length === 0 && <EmptyState title="No products yet. Create the first one." />}
          {products.data && products.data.length > 0 && (
            <ul className="restock-list" aria-label="Products and their stock">
              {products.data.map((product) => (
                <RestockRow key={product.productId} product={product} onRestocked={products.reload} />
              ))}
            </ul>
          )}
        </section>
      </div>
    </section>
  );
}

interface Draft {
  name: string;
  description: string;
  price: string;
  initialStock: string;
}

const emptyDraft: Draft = { name: '', description: '', price: '', initialStock: '' };

function NewProductForm({ onCreated }: { onCreated: () => void }) {
  const { api } = useSession();
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [local, setLocal] = useState<Partial<Record<keyof Draft, string>>>({});
  const [created, setCreated] = useState<string | null>(null);

  const change = (field: keyof Draft) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [field]: event.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setCreated(null);
    setError(null);
    const price = parseAmount(draft.price);
    const stock = Number(draft.initialStock);
    const problems: Partial<Record<keyof Draft, string>> = {};
    if (!draft.name.trim()) problems.name = 'Give the product a name.';
    if (price === null || price <= 0) problems.price = 'Enter a price greater than zero, like 14.90.';
    if (draft.initialStock.trim() === '' || !Number.isInteger(stock) || stock < 0) {
      problems.initialStock = 'Enter a whole number of items, 0 or more.';
    }
    setLocal(problems);
    if (Object.keys(problems).length > 0 || price === null) return;

    setBusy(true);
    try {
      const name = draft.name.trim();
      await api.createProduct({ name, description: draft.description.trim(), price, initialStock: stock });
      setDraft(emptyDraft);
      setCreated(`“${name}” is now in the catalog.`);
      onCreated();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const server = fieldErrorsOf(error);
  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="new-product-heading">
      <h2 id="new-product-heading">New product</h2>
      <ErrorAlert error={error} shownFields={['name', 'description', 'price', 'initialStock']} />
      {created && (
        <p className="alert alert-success" role="status">
          {created}
        </p>
      )}
      <Field label="Name" name="name" required value={draft.name} onChange={change('name')} error={local.name ?? server.name} />
      <TextAreaField
        label="Description"
        name="description"
        rows={3}
        value={draft.description}
        onChange={change('description')}
        error={server.description}
      />
      <div className="field-row">
        <Field
          label="Price"
          name="price"
          inputMode="decimal"
          required
          placeholder="14.90"
          value={draft.price}
          onChange={change('price')}
          error={local.price ?? server.price}
        />
        <Field
          label="Initial stock"
          name="initialStock"
          type="number"
          inputMode="numeric"
          min={0}
          required
          value={draft.initialStock}
          onChange={change('initialStock')}
          error={local.initialStock ?? server.initialStock}
        />
      </div>
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? 'Creating…' : 'Create product'}
      </button>
    </form>
  );
}

function RestockRow({ product, onRestocked }: { product: Product; onRestocked: () => void }) {
  const { api } = useSession();
  const [quantity, setQuantity] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [stock, setStock] = useState<number | null>(null);
  const inputId = `restock-${product.productId}`;

  // The restock answer is shown until the catalog itself reports a new stock level.
  useEffect(() => setStock(null), [product.availableStock]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const amount = Number(quantity);
    if (!Number.isInteger(amount) || amount < 1) {
      setLocalError('Enter a whole number, 1 or more.');
      return;
    }
    setLocalError(null);
    setError(null);
    setBusy(true);
    try {
      const answer = await api.restock(product.productId, amount);
      setStock(answer?.availableStock ?? product.availableStock + amount);
      setQuantity('');
      onRestocked();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const shown = stock ?? product.availableStock;
  return (
    <li className="restock-row" data-product-id={product.productId}>
      <div className="restock-info">
        <p className="restock-name">{product.name}</p>
        <p className="muted">
          <Money amount={product.price} /> · <span data-testid="stock">{shown}</span> in stock
        </p>
      </div>
      <form className="restock-form" onSubmit={submit} noValidate>
        <Field
          id={inputId}
          label={
            <>
              Add stock<span className="sr-only"> to {product.name}</span>
            </>
          }
          className="field-compact"
          type="number"
          inputMode="numeric"
          min={1}
          value={quantity}
          onChange={(e) => setQuantity(e.target.value)}
          error={localError ?? fieldErrorsOf(error).quantity}
        />
        <button type="submit" className="button" disabled={busy || quantity.trim() === ''}>
          {busy ? 'Restocking…' : 'Restock'}
        </button>
      </form>
      {error && !fieldErrorsOf(error).quantity ? <ErrorAlert error={error} /> : null}
    </li>
  );
}
