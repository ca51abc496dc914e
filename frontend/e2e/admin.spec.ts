import { ADMIN, apiRegister, expect, expectCatalogStock, newShopper, shot, signIn, test, uniqueName } from './support';

test('the administrator creates a product and restocks it', async ({ page }) => {
  const name = uniqueName('Walnut tray');
  await signIn(page, ADMIN.username, ADMIN.password);
  await page.getByRole('link', { name: 'Admin' }).click();
  await expect(page.getByRole('heading', { name: 'Administration' })).toBeVisible();

  const form = page.locator('form', { has: page.getByRole('heading', { name: 'New product' }) });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Description').fill('Oiled walnut, 40 × 25 cm');
  await form.getByLabel('Price').fill('not a price');
  await form.getByLabel('Initial stock').fill('3');
  await form.getByRole('button', { name: 'Create product' }).click();
  await expect(form.getByLabel('Price')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText('Enter a price greater than zero')).toBeVisible();

  await form.getByLabel('Price').fill('39.90');
  await form.getByRole('button', { name: 'Create product' }).click();
  await expect(form.getByText(`“${name}” is now in the catalog.`)).toBeVisible();

  const row = page.locator('.restock-row', { hasText: name });
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(row).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(row.getByTestId('stock')).toHaveText('3');
  await row.getByLabel(`Add stock to ${name}`).fill('7');
  await row.getByRole('button', { name: 'Restock' }).click();
  await expect(row.getByTestId('stock')).toHaveText('10', { timeout: 30_000 });
  await shot(page, 'admin');

  const productId = await row.getAttribute('data-product-id');
  await expectCatalogStock(page, productId as string, '10 in stock');
});

test('a shopper has no administration page', async ({ page, request }) => {
  const shopper = newShopper('plain');
  await apiRegister(request, shopper);
  await signIn(page, shopper.username, shopper.password);
  await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0);
  await page.goto('/admin');
  await expect(page.getByText('This page is for administrators only.')).toBeVisible();
});
