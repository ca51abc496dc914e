import {
  addToCart,
  apiBalance,
  apiLogin,
  apiRegister,
  createProduct,
  expect,
  expectCatalogStock,
  money,
  newShopper,
  ORDER_ENDS_WITHIN,
  orderNotifications,
  placeOrder,
  productCard,
  shot,
  signIn,
  signUp,
  test,
  timelineStep,
  uniqueName,
} from './support';

test('a new shopper signs up, buys, and watches the order complete live', async ({ page, request }) => {
  const name = uniqueName('Enamel mug');
  const productId = await createProduct(request, { name, price: 12.5, initialStock: 10 });
  const shopper = newShopper();

  await signUp(page, shopper, 'sign-up');
  const startingBalance = await apiBalance(request, await apiLogin(request, shopper.username, shopper.password));
  await addToCart(page, productId, name);
  const card = productCard(page, productId);
  await expect(card.getByText('€12.50')).toBeVisible();
  await expect(card.getByText('10 in stock')).toBeVisible();
  await shot(page, 'catalog');

  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, 'catalog-phone');
  await page.setViewportSize({ width: 1280, height: 860 });

  await page.getByRole('link', { name: /^Cart, 1 item/ }).click();
  await page.getByRole('button', { name: `One more ${name}` }).click();
  await expect(page.getByLabel('Quantity')).toHaveValue('2');
  await expect(page.getByTestId('cart-total')).toHaveText('€25.00');
  await shot(page, 'cart');

  // The cart is kept in the browser across a reload.
  await page.reload();
  await expect(page.getByTestId('cart-total')).toHaveText('€25.00');

  const orderId = await placeOrder(page);
  await expect(page.getByRole('heading', { name: 'Your order is complete' })).toBeVisible({ timeout: ORDER_ENDS_WITHIN });
  await expect(timelineStep(page, 'Order placed')).toBeVisible();
  await expect(timelineStep(page, 'Stock reserved')).toBeVisible();
  await expect(timelineStep(page, 'Payment taken')).toBeVisible();
  await expect(timelineStep(page, 'Order completed')).toBeVisible();
  await expect(page.getByRole('link', { name: /^Cart, 0 items/ })).toBeVisible();
  await shot(page, 'order-completed');

  await page.getByRole('link', { name: 'Orders', exact: true }).click();
  const row = page.locator('.order-row', { has: page.locator(`a[href="/orders/${orderId}"]`) });
  await expect(row.getByText('Completed')).toBeVisible();
  await expect(row.getByText('€25.00')).toBeVisible();
  await shot(page, 'orders');

  await page.getByRole('link', { name: 'Wallet' }).click();
  await expect(page.getByTestId('wallet-balance')).toHaveText(money(startingBalance - 25));
  await page.getByLabel('Amount').fill('20');
  await page.getByRole('button', { name: 'Add to wallet' }).click();
  await expect(page.getByTestId('wallet-balance')).toHaveText(money(startingBalance - 5));
  await expect(page.getByText('€20.00 added.')).toBeVisible();
  await shot(page, 'wallet');

  await page.getByRole('link', { name: 'Notifications' }).click();
  const notes = orderNotifications(page, orderId);
  await expect(notes.filter({ hasText: 'Order completed' })).toContainText('25.00 was charged', { timeout: 30_000 });
  await expect(notes.filter({ hasText: 'Order placed' })).toBeVisible();
  await expect(notes.locator('.notification-kind')).toHaveText(['Order completed', 'Order placed']);
  await shot(page, 'notifications');

  await expectCatalogStock(page, productId, '8 in stock');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByText('You have been signed out.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Orders', exact: true })).toHaveCount(0);
});

test('an order beyond the balance is cancelled with the reason, and its stock is put back', async ({ page, request }) => {
  const shopper = newShopper('broke');
  await apiRegister(request, shopper);
  const balance = await apiBalance(request, await apiLogin(request, shopper.username, shopper.password));
  const price = Math.max(600, Math.ceil(balance) + 100);
  const name = uniqueName('Espresso machine');
  const productId = await createProduct(request, { name, price, initialStock: 10 });

  await signIn(page, shopper.username, shopper.password, 'sign-in');
  await addToCart(page, productId, name);
  await page.goto('/cart');
  await expect(page.getByText('Your wallet holds less than this total')).toBeVisible();
  await shot(page, 'cart-over-balance');

  const orderId = await placeOrder(page);
  await expect(page.getByRole('heading', { name: 'Your order was cancelled' })).toBeVisible({ timeout: ORDER_ENDS_WITHIN });
  await expect(page.getByTestId('order-explanation')).toContainText(`Insufficient funds: the order costs ${price.toFixed(2)}`);
  await expect(page.getByTestId('order-explanation')).toContainText('It stopped at the payment.');
  await expect(timelineStep(page, 'Payment declined')).toBeVisible();
  await expect(page.getByText('The stock reserved for this order was put back on the shelf.')).toBeVisible({ timeout: 30_000 });
  await expect(timelineStep(page, 'Reserved stock put back')).toBeVisible();
  await expect(page.locator('.stage-failed')).toHaveText(/Paid/);
  await shot(page, 'order-cancelled-funds');

  await page.goto('/notifications');
  const notes = orderNotifications(page, orderId);
  await expect(notes.filter({ hasText: 'Order cancelled' })).toContainText('Insufficient funds', { timeout: 30_000 });
  await expect(notes.filter({ hasText: 'Payment declined' })).toBeVisible();

  await expectCatalogStock(page, productId, '10 in stock');
  await page.goto('/wallet');
  await expect(page.getByTestId('wallet-balance')).toHaveText(money(balance));
});

test('ordering more than the stock is refused at the reservation', async ({ page, request }) => {
  const name = uniqueName('Copper kettle');
  const productId = await createProduct(request, { name, price: 30, initialStock: 2 });
  const shopper = newShopper('eager');
  await apiRegister(request, shopper);
  const balance = await apiBalance(request, await apiLogin(request, shopper.username, shopper.password));

  await signIn(page, shopper.username, shopper.password);
  await addToCart(page, productId, name);
  await page.goto('/cart');
  await page.getByLabel('Quantity').fill('3');
  await expect(page.getByText('Only 2 in stock.')).toBeVisible();
  await expect(page.getByTestId('cart-total')).toHaveText('€90.00');
  await shot(page, 'cart-over-stock');

  await placeOrder(page);
  await expect(page.getByRole('heading', { name: 'Your order was cancelled' })).toBeVisible({ timeout: ORDER_ENDS_WITHIN });
  await expect(page.getByTestId('order-explanation')).toContainText('It stopped at the stock reservation.');
  await expect(timelineStep(page, 'Not enough stock')).toBeVisible();
  await expect(page.locator('.stage-failed')).toHaveText(/Stock reserved/);
  await shot(page, 'order-cancelled-stock');

  await expectCatalogStock(page, productId, 'Only 2 left');
  await page.goto('/wallet');
  await expect(page.getByTestId('wallet-balance')).toHaveText(money(balance));
});

test('an expired session signs the shopper out and says so', async ({ page, request }) => {
  const shopper = newShopper('sleepy');
  await apiRegister(request, shopper);
  await signIn(page, shopper.username, shopper.password);
  await page.goto('/wallet');
  await expect(page.getByTestId('wallet-balance')).toBeVisible();

  await page.evaluate(() => {
    const session = JSON.parse(localStorage.getItem('sagashop.session') ?? '{}');
    localStorage.setItem('sagashop.session', JSON.stringify({ ...session, expiresAt: Date.now() - 1_000 }));
  });
  await page.reload();
  await expect(page.getByText('Your session has expired. Please sign in again.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});
