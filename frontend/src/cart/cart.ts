import type { Product } from '../api/types';
import { fromCents, toCents } from '../money';

/** The most the API accepts for one line. */
export const MAX_QUANTITY = 1000;

export interface CartLine {
  productId: string;
  name: string;
  unitPrice: number;
  quantity: number;
  /** Stock when the catalog was last seen; the order itself decides. */
  availableStock: number;
}

export interface Cart {
  lines: CartLine[];
  /**
   * The Idempotency-Key of the current checkout attempt. Kept while the cart is unchanged, so a
   * retry after a lost answer cannot place a second order; any change to the cart starts a new one.
   */
  checkoutKey: string | null;
}

export const emptyCart: Cart = { lines: [], checkoutKey: null };

export function clampQuantity(quantity: number): number {
  if (!Number.isFinite(quantity)) return 1;
  return Math.min(MAX_QUANTITY, Math.max(1, Math.floor(quantity)));
}

export function addToCart(cart: Cart, product: Product, quantity = 1): Cart {
  const existing = cart.lines.find((line) => line.productId === product.productId);
  const lines = existing
    ? cart.lines.map((line) =>
        line === existing ? { ...line, ...fromProduct(product), quantity: clampQuantity(line.quantity + quantity) } : line,
      )
    : [...cart.lines, { ...fromProduct(product), quantity: clampQuantity(quantity) }];
  return { lines, checkoutKey: null };
}

export function setQuantity(cart: Cart, productId: string, quantity: number): Cart {
  const next = clampQuantity(quantity);
  if (!cart.lines.some((line) => line.productId === productId && line.quantity !== next)) return cart;
  return {
    lines: cart.lines.map((line) => (line.productId === productId ? { ...line, quantity: next } : line)),
    checkoutKey: null,
  };
}

export function removeFromCart(cart: Cart, productId: string): Cart {
  if (!cart.lines.some((line) => line.productId === productId)) return cart;
  return { lines: cart.lines.filter((line) => line.productId !== productId), checkoutKey: null };
}

/** Brings names, prices and stock up to date with the catalog; what is ordered stays the same. */
export function refreshFromCatalog(cart: Cart, products: Product[]): Cart {
  const byId = new Map(products.map((product) => [product.productId, product]));
  let changed = false;
  const lines = cart.lines.map((line) => {
    const product = byId.get(line.productId);
    if (!product) return line;
    const fresh = { ...line, ...fromProduct(product) };
    if (fresh.name !== line.name || fresh.unitPrice !== line.unitPrice || fresh.availableStock !== line.availableStock) {
      changed = true;
      return fresh;
    }
    return line;
  });
  return changed ? { ...cart, lines } : cart;
}

export function withCheckoutKey(cart: Cart, newKey: () => string): Cart {
  return cart.checkoutKey ? cart : { ...cart, checkoutKey: newKey() };
}

export function lineTotal(line: CartLine): number {
  return fromCents(toCents(line.unitPrice) * line.quantity);
}

export function cartTotal(cart: Cart): number {
  return fromCents(cart.lines.reduce((sum, line) => sum + toCents(line.unitPrice) * line.quantity, 0));
}

export function itemCount(cart: Cart): number {
  return cart.lines.reduce((sum, line) => sum + line.quantity, 0);
}

export function exceedsStock(line: CartLine): boolean {
  return line.quantity > line.availableStock;
}

export function parseCart(raw: string | null): Cart {
  if (!raw) return emptyCart;
  try {
    const stored = JSON.parse(raw) as Partial<Cart>;
    const lines = Array.isArray(stored.lines)
      ? stored.lines.filter(
          (line): line is CartLine =>
            typeof line?.productId === 'string' &&
            typeof line.name === 'string' &&
            typeof line.unitPrice === 'number' &&
            typeof line.quantity === 'number',
        )
      : [];
    return {
      lines: lines.map((line) => ({
        ...line,
        quantity: clampQuantity(line.quantity),
        availableStock: typeof line.availableStock === 'number' ? line.availableStock : Number.MAX_SAFE_INTEGER,
      })),
      checkoutKey: typeof stored.checkoutKey === 'string' ? stored.checkoutKey : null,
    };
  } catch {
    return emptyCart;
  }
}

function fromProduct(product: Product): Omit<CartLine, 'quantity'> {
  return {
    productId: product.productId,
    name: product.name,
    unitPrice: product.price,
    availableStock: product.availableStock,
  };
}

/** A random v4 UUID, also where crypto.randomUUID is missing (pages served over plain http). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
