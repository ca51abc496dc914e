import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Product } from '../api/types';
import {
  addToCart,
  emptyCart,
  newIdempotencyKey,
  parseCart,
  refreshFromCatalog,
  removeFromCart,
  setQuantity,
  withCheckoutKey,
  type Cart,
} from './cart';

export const CART_STORAGE_KEY = 'sagashop.cart';

interface CartValue {
  cart: Cart;
  add: (product: Product, quantity?: number) => void;
  setQuantity: (productId: string, quantity: number) => void;
  remove: (productId: string) => void;
  clear: () => void;
  refresh: (products: Product[]) => void;
  /** The key for this checkout attempt: the same one until the cart changes. */
  checkoutKey: () => string;
}

const CartContext = createContext<CartValue | null>(null);

function readCart(): Cart {
  try {
    return parseCart(localStorage.getItem(CART_STORAGE_KEY));
  } catch {
    return emptyCart;
  }
}

export function CartProvider({ children }: { children: ReactNode }) {
  const [cart, setCart] = useState<Cart>(readCart);

  useEffect(() => {
    try {
      localStorage.setItem(CART_STORAGE_KEY, JSON.stringify(cart));
    } catch {
      // Private browsing or a full storage: the cart still works for this visit.
    }
  }, [cart]);

  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === CART_STORAGE_KEY) setCart(readCart());
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  const checkoutKey = useCallback(() => {
    // The key is written to storage at once, so that a reload before the answer reuses it.
    const current = withCheckoutKey(cart, newIdempotencyKey);
    try {
      localStorage.setItem(CART_STORAGE_KEY, JSON.stringify(current));
    } catch {
      // See above.
    }
    setCart(current);
    return current.checkoutKey as string;
  }, [cart]);

  const actions = useMemo(
    () => ({
      add: (product: Product, quantity?: number) => setCart((c) => addToCart(c, product, quantity)),
      setQuantity: (productId: string, quantity: number) => setCart((c) => setQuantity(c, productId, quantity)),
      remove: (productId: string) => setCart((c) => removeFromCart(c, productId)),
      clear: () => setCart(emptyCart),
      refresh: (products: Product[]) => setCart((c) => refreshFromCatalog(c, products)),
    }),
    [],
  );
  const value = useMemo<CartValue>(() => ({ cart, ...actions, checkoutKey }), [cart, actions, checkoutKey]);
  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}

export function useCart(): CartValue {
  const value = useContext(CartContext);
  if (!value) throw new Error('useCart must be used inside <CartProvider>');
  return value;
}
