/** Money arrives as a number with two decimals; sums are done in whole cents so they stay exact. */

export const CURRENCY = import.meta.env.VITE_SAGASHOP_CURRENCY ?? 'EUR';

const formatter = new Intl.NumberFormat('en-US', { style: 'currency', currency: CURRENCY });

export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

export function fromCents(cents: number): number {
  return cents / 100;
}

export function formatMoney(amount: number): string {
  return formatter.format(fromCents(toCents(amount)));
}

/** Reads an amount typed by a person ("12", "12.5", "12,50"); null when it is not one. */
export function parseAmount(text: string): number | null {
  const normalized = text.trim().replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(normalized)) return null;
  return fromCents(toCents(Number(normalized)));
}
