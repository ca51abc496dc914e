import { expect, test as base, type APIRequestContext, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ADMIN = {
  username: process.env.SAGASHOP_ADMIN_USERNAME ?? 'admin',
  password: process.env.SAGASHOP_ADMIN_PASSWORD ?? 'admin-local-only',
};

/** How long an order may take to end: two saga steps, each with a 30 s deadline by default. */
export const ORDER_ENDS_WITHIN = 90_000;

const screenshots = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');

export interface Shopper {
  username: string;
  password: string;
  displayName: string;
  email: string;
}

export function newShopper(prefix = 'shopper'): Shopper {
  const id = `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  return { username: id, password: 'e2e-password-1', displayName: `Shopper ${id}`, email: `${id}@example.org` };
}

const currency = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EUR' });

/** An amount as the shop shows it. */
export function money(amount: number): string {
  return currency.format(amount);
}

export function uniqueName(what: string): string {
  return `${what} ${Date.now().toString(36).toUpperCase()}`;
}

/**
 * Every page is watched for console errors and uncaught exceptions: a journey that causes one
 * fails. The browser's own "Failed to load resource" line for a 4xx answer is not one: the shop
 * shows such refusals to the shopper on purpose.
 */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        if (/Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) return;
        errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
      await use(errors);
      expect(errors, 'console errors on the page').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

export async function apiLogin(request: APIRequestContext, username: string, password: string): Promise<string> {
  const response = await request.post('/api/auth/login', { data: { username, password } });
  expect(response.status(), `sign-in of ${username}`).toBe(200);
  return (await response.json()).accessToken as string;
}

export async function apiRegister(request: APIRequestContext, shopper: Shopper): Promise<void> {
  const response = await request.post('/api/auth/register', { data: shopper });
  expect(response.status(), `sign-up of ${shopper.username}`).toBe(201);
}

/**
 * The shopper's balance. The payment account is opened from the registration's event, a moment
 * after sign-up; until then the wallet answers 404 ACCOUNT_NOT_FOUND, so this waits for it.
 */
export async function apiBalance(request: APIRequestContext, token: string): Promise<number> {
  let balance: number | undefined;
  await expect
    .poll(
      async () => {
        const response = await request.get('/api/wallet', { headers: { Authorization: `Bearer ${token}` } });
        if (response.status() !== 200) return `${response.status()} ${(await response.text()).slice(0, 200)}`;
        balance = (await response.json()).balance as number;
        return 200;
      },
      { message: 'the wallet of a new shopper', timeout: 30_000 },
    )
    .toBe(200);
  return balance as number;
}

/** Creates a product as the administrator and waits until the catalog lists it. */
export async function createProduct(
  request: APIRequestContext,
  product: { name: string; description?: string; price: number; initialStock: number },
): Promise<string> {
  const token = await apiLogin(request, ADMIN.username, ADMIN.password);
  const response = await request.post('/api/products', {
    headers: { Authorization: `Bearer ${token}` },
    data: { description: 'Made for an end-to-end test', ...product },
  });
  expect(response.status(), 'product creation').toBe(201);
  const { productId } = (await response.json()) as { productId: string };
  await expect
    .poll(async () => (await request.get(`/api/products/${productId}`)).status(), { timeout: 30_000 })
    .toBe(200);
  return productId;
}

export async function signUp(page: Page, shopper: Shopper, screenshot?: string): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel('Username').fill(shopper.username);
  await page.getByLabel('Your name').fill(shopper.displayName);
  await page.getByLabel('Email').fill(shopper.email);
  await page.getByLabel('Password').fill(shopper.password);
  if (screenshot) await shot(page, screenshot);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Catalog' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

export async function signIn(page: Page, username: string, password: string, screenshot?: string): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  if (screenshot) await shot(page, screenshot);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

export function productCard(page: Page, productId: string) {
  return page.locator(`[data-product-id="${productId}"]`);
}

/** Opens the catalog and waits until the product shows the given stock (the catalog is eventually consistent). */
export async function expectCatalogStock(page: Page, productId: string, stock: string): Promise<void> {
  await expect(async () => {
    await page.goto('/');
    await expect(productCard(page, productId).getByText(stock)).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 45_000 });
}

/** Opens the catalog, reloading until the product is listed (the catalog is eventually consistent). */
export async function openCatalogWith(page: Page, productId: string): Promise<void> {
  await expect(async () => {
    await page.goto('/');
    await expect(productCard(page, productId)).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 45_000 });
}

/** The notification cards about one order, newest first. */
export function orderNotifications(page: Page, orderId: string) {
  return page.locator('.notification').filter({ has: page.locator(`a[href="/orders/${orderId}"]`) });
}

/** One step of the order page's timeline, by the words the shop shows for it. */
export function timelineStep(page: Page, label: string) {
  return page.getByTestId('timeline').locator('.timeline-label', { hasText: new RegExp(`^${label}$`) });
}

export async function addToCart(page: Page, productId: string, name: string): Promise<void> {
  await openCatalogWith(page, productId);
  await productCard(page, productId).getByRole('button', { name: `Add ${name} to cart` }).click();
  await expect(productCard(page, productId).getByRole('link', { name: /in cart/ })).toBeVisible();
}

/**
 * Presses "Place order" and returns the new order's id. The order service learns about a new
 * product from its events, a moment after the catalog: until then it answers that the product
 * does not exist, and pressing again (with the same Idempotency-Key) is what a shopper would do.
 */
export async function placeOrder(page: Page): Promise<string> {
  const button = page.getByRole('button', { name: /Place order/ });
  await expect(async () => {
    if (!/\/orders\//.test(page.url())) {
      await button.click();
      await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/, { timeout: 5_000 });
    }
  }).toPass({ timeout: 45_000, intervals: [1_000, 2_000] });
  return page.url().split('/').pop() as string;
}
