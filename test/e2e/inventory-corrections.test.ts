import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type Buyer, createProduct, dataOf, eventually, loginAdmin, signUpBuyer } from '../support/buyers.ts';
import { Platform } from '../support/platform.ts';

// adjustStock and archiveProduct through the gateway, against every real service.
let platform: Platform;
let adminToken: string;
let buyer: Buyer;

before(async () => {
  platform = await Platform.start({ gateway: { RATE_LIMIT_PLACE_ORDER_PER_USER: '1000' } });
  adminToken = await loginAdmin(platform);
  buyer = await signUpBuyer(platform);
});
after(() => platform?.close());

const placeOrder = (productId: string, quantity = 1) =>
  platform.graphql<{ placeOrder: { id: string } }>(
    /* GraphQL */ `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`,
    { input: { items: [{ productId, quantity }], idempotencyKey: randomUUID() } },
    buyer.accessToken,
  );

const adjustStock = (productId: string, delta: number) =>
  platform.graphql<{ adjustStock: { stock: number } }>(
    /* GraphQL */ `
      mutation($productId: ID!, $delta: Int!) {
        adjustStock(productId: $productId, delta: $delta, reason: "e2e correction") { stock }
      }
    `,
    { productId, delta },
    adminToken,
  );

const productOf = async (id: string) =>
  dataOf(
    await platform.graphql<{ product: { stock: number; availableStock: number; saleStatus: string } }>(
      `query($id: ID!) { product(id: $id) { stock availableStock saleStatus } }`,
      { id },
    ),
  ).product;

describe('inventory corrections', () => {
  test('an archived product is off the shelf and answers SALE_ENDED; its orders keep their lines', async () => {
    const name = `archived ${randomUUID()}`;
    const productId = await createProduct(platform, adminToken, { name, stock: 5 });
    const order = dataOf(await placeOrder(productId)).placeOrder;

    const archived = await platform.graphql<{ archiveProduct: { saleStatus: string } }>(
      `mutation($id: ID!) { archiveProduct(id: $id) { saleStatus } }`,
      { id: productId },
      adminToken,
    );
    assert.deepEqual(archived.data, { archiveProduct: { saleStatus: 'ENDED' } });

    const refused = await placeOrder(productId);
    assert.equal(refused.data, null);
    assert.equal(refused.errors?.[0]?.extensions?.code, 'SALE_ENDED', JSON.stringify(refused.errors));

    const shelf = dataOf(
      await platform.graphql<{ products: { edges: { node: { id: string } }[] } }>(
        `query($search: String) { products(first: 100, filter: { search: $search }) { edges { node { id } } } }`,
        { search: name },
      ),
    );
    assert.deepEqual(shelf.products.edges, []);

    const kept = dataOf(
      await platform.graphql<{
        order: { items: { quantity: number; product: { id: string; name: string } }[] };
      }>(
        `query($id: ID!) { order(id: $id) { items { quantity product { id name } } } }`,
        { id: order.id },
        buyer.accessToken,
      ),
    );
    assert.deepEqual(kept.order.items, [{ quantity: 1, product: { id: productId, name } }]);
  });

  test('concurrent removals and orders never oversell nor make available stock negative', async () => {
    const initial = 30;
    const productId = await createProduct(platform, adminToken, {
      name: `contested ${randomUUID()}`,
      stock: initial,
      purchaseLimit: initial,
    });
    const [removals, orders] = await Promise.all([
      Promise.all(Array.from({ length: 25 }, () => adjustStock(productId, -1))),
      Promise.all(Array.from({ length: 25 }, () => placeOrder(productId))),
    ]);
    const removed = removals.filter((result) => result.data?.adjustStock).length;
    const sold = orders.filter((result) => result.data?.placeOrder).length;
    for (const result of removals.filter((r) => !r.data)) {
      assert.equal(result.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(result.errors));
    }
    for (const result of orders.filter((r) => !r.data)) {
      assert.equal(result.errors?.[0]?.extensions?.code, 'OUT_OF_STOCK', JSON.stringify(result.errors));
    }
    assert.ok(removed + sold <= initial, `${removed} removed + ${sold} sold > ${initial}`);
    assert.ok(removed > 0 && sold > 0, `${removed} removed, ${sold} sold: both sides got through`);
    assert.ok((await productOf(productId)).availableStock >= 0);

    // Once every order is paid, on hand is what neither side took, and the live counter agrees.
    const settled = await eventually(
      () => productOf(productId),
      (product) => product.stock === initial - removed - sold,
      30_000,
    );
    assert.deepEqual(settled, {
      stock: initial - removed - sold,
      availableStock: initial - removed - sold,
      saleStatus: initial - removed - sold > 0 ? 'ON_SALE' : 'SOLD_OUT',
    });
  });
});
