import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BUYER_PASSWORD, signUpBuyer } from '../../test/support/buyers.ts';
import { logIn, type StorefrontPlatform, startStorefrontPlatform } from './support/storefront-platform.ts';

const ACCESS_TOKEN_SECONDS = 6;
let shop: StorefrontPlatform;
before(async () => {
  shop = await startStorefrontPlatform({ users: { ACCESS_TOKEN_TTL: `${ACCESS_TOKEN_SECONDS}s` } });
});
after(() => shop?.close());

test('the page rotates its refresh token before the access token expires, and stays signed in', async () => {
  const buyer = await signUpBuyer(shop.platform);
  const { page } = await shop.newPage();
  const bearers: string[] = [];
  const operations: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(shop.platform.gatewayUrl) || request.method() !== 'POST') return;
    const bearer = request.headers().authorization;
    if (bearer && bearers.at(-1) !== bearer) bearers.push(bearer);
    operations.push(
      (JSON.parse(request.postData() ?? '{}') as { operationName?: string }).operationName ?? '',
    );
  });
  await logIn(page, buyer.email, BUYER_PASSWORD);
  await page.waitForTimeout((ACCESS_TOKEN_SECONDS + 2) * 1_000);

  await page.getByRole('link', { name: 'My orders' }).click();
  await page.getByRole('heading', { name: 'My orders' }).waitFor();
  assert.equal(await page.getByText('Signed in as').count(), 1);
  assert.ok(operations.filter((name) => name === 'Refresh').length >= 2, operations.join(', '));
  assert.ok(bearers.length >= 2, 'the orders were read with a rotated access token');
  await page.context().close();
});
