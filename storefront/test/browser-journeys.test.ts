import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { codeFromMail } from '@fcfs/shared/testing';
import type { Page } from 'playwright-core';
import {
  BUYER_PASSWORD,
  createProduct,
  dataOf,
  loginAdmin,
  signUpBuyer,
  uniqueEmail,
} from '../../test/support/buyers.ts';
import {
  isSameDocument,
  logIn,
  markDocument,
  type StorefrontPlatform,
  startStorefrontPlatform,
  stockOnShelf,
} from './support/storefront-platform.ts';

const SCREENSHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;
const SALE_OPENS_IN_MS = 12_000;

let shop: StorefrontPlatform;
let buyer: Page;
const email = uniqueEmail('browser');
const productName = `Limited sneakers ${randomUUID().slice(0, 6)}`;
let productId = '';

before(async () => {
  // Payment takes 3 s, so the order page is open while the order still waits for it.
  shop = await startStorefrontPlatform({ payments: { PAYMENT_LATENCY_MS: '3000' } });
  buyer = (await shop.newPage()).page;
});
after(() => shop?.close());

async function productIdNamed(name: string): Promise<string> {
  const found = dataOf(
    await shop.platform.graphql<{ products: { edges: { node: { id: string } }[] } }>(
      /* GraphQL */ `query($name: String!) { products(first: 1, filter: { search: $name }) { edges { node { id } } } }`,
      { name },
    ),
  );
  const id = found.products.edges[0]?.node.id;
  assert.ok(id, `no product named ${name}`);
  return id;
}

/** Every status the order's card showed, recorded in the page as the DOM changes (no polling by the test). */
async function recordStatuses(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    const read = () => {
      const status = document.querySelector('[data-order-id]')?.getAttribute('data-status');
      if (status && seen[seen.length - 1] !== status) seen.push(status);
    };
    read();
    new MutationObserver(read).observe(document.body, { subtree: true, childList: true, attributes: true });
    (window as unknown as { seenStatuses: string[] }).seenStatuses = seen;
  });
}
const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

const seenStatuses = (page: Page) =>
  page.evaluate(() => (window as unknown as { seenStatuses: string[] }).seenStatuses);

describe('the storefront in Chromium against the real platform', () => {
  test('1. sign up with the code from the mail catcher, log out, log in', async () => {
    await buyer.goto('/#/signup');
    await buyer.getByLabel('Email', { exact: true }).fill(email);
    await buyer.getByRole('button', { name: 'Email me a code' }).click();
    const code = await codeFromMail(email, 1, 30_000);
    await buyer.getByLabel('Code', { exact: true }).fill(code);
    await buyer.getByRole('button', { name: 'Verify' }).click();
    await buyer.getByLabel('Name', { exact: true }).fill('Browser Buyer');
    await buyer.getByLabel('Address', { exact: true }).fill('1 Test Street, Seoul');
    await buyer.getByLabel('Password', { exact: true }).fill(BUYER_PASSWORD);
    await buyer.getByRole('button', { name: 'Create account' }).click();
    await buyer.getByText('Signed in as Browser Buyer').waitFor();

    await buyer.getByRole('button', { name: 'Log out' }).click();
    await mainNav(buyer).getByRole('link', { name: 'Log in' }).waitFor();
    await logIn(buyer, email, BUYER_PASSWORD);
    assert.equal(await buyer.getByText('Signed in as Browser Buyer').count(), 1);
  });

  test('2. an admin opens a sale; its countdown reaches zero on the server clock and the buyer buys', async () => {
    const admin = (await shop.newPage()).page;
    await logIn(admin, process.env.ADMIN_EMAIL ?? '', process.env.ADMIN_PASSWORD ?? '');
    await mainNav(admin).getByRole('link', { name: 'Admin' }).click();
    // Whole seconds: the form's datetime-local field takes no milliseconds.
    const opensAt = Math.ceil((Date.now() + SALE_OPENS_IN_MS) / 1_000) * 1_000;
    await admin.getByLabel('Name', { exact: true }).fill(productName);
    await admin.getByLabel('Description', { exact: true }).fill('Two hundred pairs, one per buyer.');
    await admin.getByLabel('Price (KRW)', { exact: true }).fill('129000');
    await admin.getByLabel('Stock', { exact: true }).fill('5');
    await admin.getByLabel('Purchase limit per buyer', { exact: true }).fill('1');
    await admin.getByLabel('Sale starts', { exact: true }).fill(new Date(opensAt).toISOString().slice(0, 19));
    await admin.getByRole('button', { name: 'Create product' }).click();
    await admin.getByText(`Created ${productName}.`).waitFor();
    productId = await productIdNamed(productName);
    await admin.getByLabel('Product', { exact: true }).selectOption(productId);
    await admin.getByLabel('Units to add', { exact: true }).fill('195');
    await admin.getByRole('button', { name: 'Restock' }).click();
    await admin.getByText('Restocked: 200 on hand.').waitFor();
    await admin.context().close();

    // The buyer was on the shelf before the sale existed: coming back to it loads the new one.
    await mainNav(buyer).getByRole('link', { name: 'Cart' }).click();
    await buyer.getByRole('heading', { name: 'Your cart' }).waitFor();
    await mainNav(buyer).getByRole('link', { name: 'Shelf' }).click();
    const card = buyer.getByRole('listitem', { name: productName });
    await card.getByText('Sale starts in').waitFor();
    assert.equal(await stockOnShelf(buyer, productId), 200);
    assert.match((await card.textContent()) ?? '', /Limit 1 per buyer/);
    await buyer.screenshot({ path: `${SCREENSHOTS}shelf.png` });

    await card.getByRole('link', { name: productName }).click();
    const buy = buyer.getByRole('button', { name: 'Buy now' });
    assert.equal(await buy.isDisabled(), true);
    await buyer.waitForFunction(
      () => !(document.querySelector('form.buy button[type=submit]') as HTMLButtonElement | null)?.disabled,
      undefined,
      { timeout: SALE_OPENS_IN_MS + 10_000, polling: 50 },
    );
    const enabledAt = Date.now();
    // The server opens the sale at `opensAt`, to the millisecond; the page may open it up to a second late.
    assert.ok(enabledAt >= opensAt - 50, `enabled ${opensAt - enabledAt} ms early`);
    assert.ok(enabledAt <= opensAt + 1_500, `enabled ${enabledAt - opensAt} ms late`);
    await buy.click();
    await buyer.getByText('Order placed.').waitFor();
  });

  test('3. the order moves PAYMENT_PENDING → PAID → SHIPPING → DELIVERED without a reload; then a return', async () => {
    await markDocument(buyer);
    await mainNav(buyer).getByRole('link', { name: 'My orders' }).click();
    const order = buyer.locator('[data-order-id]').first();
    await order.waitFor();
    await recordStatuses(buyer);
    const card = buyer.getByRole('listitem', { name: /^Order / }).first();
    assert.equal(await card.getByRole('button', { name: /Cancel order/ }).count(), 1);
    assert.equal(await card.getByRole('button', { name: /Request a return/ }).count(), 0);

    await buyer.locator('[data-order-id][data-status="DELIVERED"]').first().waitFor({ timeout: 30_000 });
    assert.deepEqual(await seenStatuses(buyer), ['PAYMENT_PENDING', 'PAID', 'SHIPPING', 'DELIVERED']);
    assert.equal(await isSameDocument(buyer), true);
    assert.equal(await card.getByRole('button', { name: /Cancel order/ }).count(), 0);
    const history = await card.getByRole('list', { name: 'Status history' }).textContent();
    assert.match(history ?? '', /Waiting for payment.*Paid.*Shipping.*Delivered/s);
    await buyer.screenshot({ path: `${SCREENSHOTS}live-order.png` });

    await card.getByRole('button', { name: /Request a return/ }).click();
    await buyer.locator('[data-order-id][data-status="RETURN_REQUESTED"]').first().waitFor();
    assert.equal(await card.getByRole('button', { name: /Request a return/ }).count(), 0);
    await buyer.locator('[data-order-id][data-status="RETURNED"]').first().waitFor({ timeout: 15_000 });
  });

  test('4. a second browser sees the available stock drop live', async () => {
    const other = await signUpBuyer(shop.platform);
    const watcher = (await shop.newPage()).page;
    await logIn(watcher, other.email, BUYER_PASSWORD);
    await watcher.getByText('Stock updates live.').waitFor();
    await markDocument(watcher);
    // The return of test 3 put its unit back.
    assert.equal(await stockOnShelf(watcher, productId), 200);
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const third = await signUpBuyer(shop.platform);
    dataOf(
      await shop.platform.graphql(
        /* GraphQL */ `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`,
        { input: { items: [{ productId, quantity: 1 }], idempotencyKey: randomUUID() } },
        third.accessToken,
      ),
    );
    await watcher.waitForFunction(
      (id) => document.querySelector(`.stock[data-product-id="${id}"] .stock-count`)?.textContent === '199',
      productId,
      { timeout: 10_000 },
    );
    assert.equal(await isSameDocument(watcher), true);
    await watcher.context().close();
  });

  test('5. a buyer over the purchase limit sees the refusal in words, announced', async () => {
    await buyer.goto(`/#/product/${productId}`);
    await buyer.getByLabel('Quantity', { exact: true }).fill('2');
    await buyer.getByRole('button', { name: 'Buy now' }).click();
    const alert = buyer.getByRole('alert').filter({ hasText: 'purchase limit' });
    await alert.waitFor();
    assert.equal(
      await alert.textContent(),
      'That is more than the purchase limit allows you for this product.',
    );
    assert.equal(await alert.getAttribute('aria-live'), 'assertive');
  });

  test('the cart: add, change a quantity, remove a line, check out', async () => {
    const adminToken = await loginAdmin(shop.platform);
    const kept = `Basket keeper ${randomUUID().slice(0, 6)}`;
    const dropped = `Basket dropout ${randomUUID().slice(0, 6)}`;
    const keptId = await createProduct(shop.platform, adminToken, {
      name: kept,
      stock: 10,
      purchaseLimit: 5,
    });
    const droppedId = await createProduct(shop.platform, adminToken, { name: dropped, stock: 10 });

    await buyer.goto(`/#/product/${keptId}`);
    await buyer.getByLabel('Quantity', { exact: true }).fill('2');
    await buyer.getByRole('button', { name: 'Add to cart' }).click();
    await buyer.getByText('Added to your cart (2 items in it).').waitFor();
    await buyer.goto(`/#/product/${droppedId}`);
    await buyer.getByRole('button', { name: 'Add to cart' }).click();
    await buyer.getByText('Added to your cart (3 items in it).').waitFor();

    await mainNav(buyer).getByRole('link', { name: 'Cart' }).click();
    await buyer.getByLabel(`Quantity of ${kept}`).fill('3');
    await buyer.keyboard.press('Tab');
    await buyer.getByText('Cart updated.').waitFor();
    await buyer.getByRole('button', { name: `Remove ${dropped}` }).click();
    await buyer.getByText(`${dropped} removed.`).waitFor();
    await buyer.getByText(/^3 items, /).waitFor();
    assert.equal(await buyer.getByRole('row', { name: new RegExp(dropped) }).count(), 0);

    await buyer.getByRole('button', { name: 'Check out' }).click();
    await buyer.getByText('Order placed. Follow it under My orders.').waitFor();
    await buyer.getByText('Your cart is empty.').waitFor();
    const product = dataOf(
      await shop.platform.graphql<{ product: { availableStock: number } }>(
        /* GraphQL */ 'query($id: ID!) { product(id: $id) { availableStock } }',
        { id: keptId },
      ),
    );
    assert.equal(product.product.availableStock, 7);
  });

  test('every control of the product page is reachable with Tab and has a name', async () => {
    await buyer.goto(`/#/product/${productId}`);
    await buyer.getByRole('button', { name: 'Buy now' }).waitFor();
    const unnamed = await buyer.evaluate(() =>
      [...document.querySelectorAll('a, button, input, select')]
        .filter((element) => {
          const named = (element.textContent ?? '').trim() || element.getAttribute('aria-label');
          const labelled = 'labels' in element && (element as HTMLInputElement).labels?.length;
          return !named && !labelled;
        })
        .map((element) => element.outerHTML),
    );
    assert.deepEqual(unnamed, []);
    const reached: string[] = [];
    for (let press = 0; press < 20; press += 1) {
      await buyer.keyboard.press('Tab');
      reached.push(
        await buyer.evaluate(() => {
          const element = document.activeElement as HTMLInputElement | null;
          return element?.labels?.[0]?.textContent ?? element?.textContent?.trim() ?? '';
        }),
      );
    }
    for (const name of ['Shelf', 'Cart', 'My orders', 'Log out', 'Quantity', 'Add to cart'])
      assert.ok(reached.includes(name), `${name} not reached by Tab: ${reached.join(' | ')}`);
  });

  test('6. after logging out the orders page is gone', async () => {
    await buyer.getByRole('button', { name: 'Log out' }).click();
    await mainNav(buyer).getByRole('link', { name: 'Log in' }).waitFor();
    assert.equal(await mainNav(buyer).getByRole('link', { name: 'My orders' }).count(), 0);
    await buyer.goto('/#/orders');
    await buyer.getByRole('heading', { name: 'Log in' }).waitFor();
    assert.equal(await buyer.getByRole('heading', { name: 'My orders' }).count(), 0);
    assert.equal(await buyer.locator('[data-order-id]').count(), 0);
  });
});
