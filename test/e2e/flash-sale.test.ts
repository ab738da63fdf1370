import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { type Buyer, createProduct, dataOf, eventually, loginAdmin, signUpBuyer } from '../support/buyers.ts';
import { Platform } from '../support/platform.ts';
import { violationsOf } from '../support/violations.ts';

const BUYERS = 300;
const UNITS = 30;

let platform: Platform;
before(async () => {
  platform = await Platform.start();
});
after(() => platform?.close());

async function inBatches<T>(count: number, size: number, make: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += size) {
    const batch = Array.from({ length: Math.min(size, count - start) }, (_, offset) => make(start + offset));
    results.push(...(await Promise.all(batch)));
  }
  return results;
}

test(`${BUYERS} signed-up buyers race for ${UNITS} units: exactly ${UNITS} paid, the rest a clear OUT_OF_STOCK`, async () => {
  const adminToken = await loginAdmin(platform);
  const productId = await createProduct(platform, adminToken, {
    name: `flash ${randomUUID()}`,
    stock: UNITS,
  });
  const buyers: Buyer[] = await inBatches(BUYERS, 25, () => signUpBuyer(platform));

  const attempts = await Promise.all(
    buyers.map((buyer) =>
      platform.graphql<{ placeOrder: { id: string; status: string } }>(
        /* GraphQL */ `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id status } }`,
        { input: { items: [{ productId, quantity: 1 }], idempotencyKey: randomUUID() } },
        buyer.accessToken,
      ),
    ),
  );
  const accepted = attempts.flatMap((attempt, index) => {
    const order = attempt.data?.placeOrder;
    const buyer = buyers[index];
    return order?.status === 'PAYMENT_PENDING' && buyer ? [{ order, buyer }] : [];
  });
  const codes = attempts.flatMap((attempt) => attempt.errors?.map((error) => error.extensions?.code) ?? []);
  assert.equal(accepted.length, UNITS);
  assert.deepEqual(
    codes.filter((code) => code !== 'OUT_OF_STOCK'),
    [],
  );
  assert.equal(codes.length, BUYERS - UNITS);

  const statuses = await eventually(
    () =>
      Promise.all(
        accepted.map(async ({ order, buyer }) => {
          const result = await platform.graphql<{ order: { status: string } | null }>(
            `query($id: ID!) { order(id: $id) { status } }`,
            { id: order.id },
            buyer.accessToken,
          );
          return result.data?.order?.status;
        }),
      ),
    (all) => all.every((status) => status !== 'PAYMENT_PENDING'),
    60_000,
  );
  assert.equal(
    statuses.filter((status) => status === 'PAID' || status === 'SHIPPING' || status === 'DELIVERED').length,
    UNITS,
  );

  const product = await eventually(
    async () =>
      dataOf(
        await platform.graphql<{ product: { stock: number; availableStock: number; saleStatus: string } }>(
          `query($id: ID!) { product(id: $id) { stock availableStock saleStatus } }`,
          { id: productId },
        ),
      ).product,
    (current) => current.stock === 0,
  );
  assert.deepEqual(product, { stock: 0, availableStock: 0, saleStatus: 'SOLD_OUT' });

  assert.deepEqual(await violationsOf(productId), []);
});
