import { useEffect, useRef } from 'react';
import type { Order } from './api/types';

/** Order changes seen on one page, for the other parts of the shop that show what they affect. */
const orderChanges = new EventTarget();

export function announceOrderChange(order: Order): void {
  orderChanges.dispatchEvent(new CustomEvent<Order>('order', { detail: order }));
}

export function useOrderChanges(onChange: (order: Order) => void): void {
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => {
    const listener = (event: Event) => latest.current((event as CustomEvent<Order>).detail);
    orderChanges.addEventListener('order', listener);
    return () => orderChanges.removeEventListener('order', listener);
  }, []);
}
