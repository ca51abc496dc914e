import { describe, expect, it } from 'vitest';
import type { Product } from '../api/types';
import {
  addToCart,
  cartTotal,
  emptyCart,
  itemCount,
  lineTotal,
  MAX_QUANTITY,
  parseCart,
  refreshFromCatalog,
  removeFromCart,
  setQuantity,
  withCheckoutKey,
} from './cart';

const mug: Product = { productId: 'p-mug', name: 'Mug', description: 'Blue', price: 0.1, availableStock: 5 };
const jug: Product = { productId: 'p-jug', name: 'Milk jug', description: 'Steel', price: 14.9, availableStock: 20 };

describe('cart maths', () => {
  it('adds money in cents, so prices like 0.10 and 14.90 sum exactly', () => {
    let cart = addToCart(emptyCart, mug, 3);
    cart = addToCart(cart, jug, 3);
    expect(lineTotal(cart.lines[0])).toBe(0.3);
    expect(lineTotal(cart.lines[1])).toBe(44.7);
    expect(cartTotal(cart)).toBe(45);
    expect(itemCount(cart)).toBe(6);
  });

  it('keeps one line per product when the same product is added again', () => {
    const cart = addToCart(addToCart(emptyCart, jug), jug, 2);
    expect(cart.lines).toHaveLength(1);
    expect(cart.lines[0].quantity).toBe(3);
  });

  it('keeps quantities between 1 and the most the shop accepts', () => {
    const cart = addToCart(emptyCart, jug);
    expect(setQuantity(cart, jug.productId, 0).lines[0].quantity).toBe(1);
    expect(setQuantity(cart, jug.productId, -4).lines[0].quantity).toBe(1);
    expect(setQuantity(cart, jug.productId, 2.7).lines[0].quantity).toBe(2);
    expect(setQuantity(cart, jug.productId, 5000).lines[0].quantity).toBe(MAX_QUANTITY);
  });

  it('removes a line and totals what is left', () => {
    const cart = removeFromCart(addToCart(addToCart(emptyCart, mug), jug, 2), mug.productId);
    expect(cart.lines.map((line) => line.productId)).toEqual([jug.productId]);
    expect(cartTotal(cart)).toBe(29.8);
  });

  it('totals an empty cart as zero', () => {
    expect(cartTotal(emptyCart)).toBe(0);
    expect(itemCount(emptyCart)).toBe(0);
  });
});

describe('checkout key', () => {
  it('is kept for the same cart, so a retry sends the same key', () => {
    const cart = withCheckoutKey(addToCart(emptyCart, jug), () => 'key-1');
    expect(withCheckoutKey(cart, () => 'key-2').checkoutKey).toBe('key-1');
  });

  it('is dropped when the cart changes, so the next checkout is a new attempt', () => {
    const cart = withCheckoutKey(addToCart(emptyCart, jug), () => 'key-1');
    expect(setQuantity(cart, jug.productId, 2).checkoutKey).toBeNull();
    expect(addToCart(cart, mug).checkoutKey).toBeNull();
    expect(removeFromCart(cart, jug.productId).checkoutKey).toBeNull();
  });

  it('survives a catalog refresh, which changes nothing that is ordered', () => {
    const cart = withCheckoutKey(addToCart(emptyCart, jug), () => 'key-1');
    const refreshed = refreshFromCatalog(cart, [{ ...jug, availableStock: 3, price: 15 }]);
    expect(refreshed.checkoutKey).toBe('key-1');
    expect(refreshed.lines[0].availableStock).toBe(3);
    expect(refreshed.lines[0].unitPrice).toBe(15);
  });
});

describe('stored cart', () => {
  it('reads back what was stored', () => {
    const cart = withCheckoutKey(addToCart(emptyCart, jug, 2), () => 'key-1');
    expect(parseCart(JSON.stringify(cart))).toEqual(cart);
  });

  it('starts empty from missing or damaged storage', () => {
    expect(parseCart(null)).toEqual(emptyCart);
    expect(parseCart('{not json')).toEqual(emptyCart);
    expect(parseCart(JSON.stringify({ lines: [{ productId: 1 }] })).lines).toEqual([]);
  });
});
