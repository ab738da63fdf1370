import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { isCluster, stockKeys } from '@fcfs/shared';
import { MARKER_TTL_MS } from '@fcfs/shared/testing';
import { orderIdFor } from '../src/domain/order-id.ts';
import { codesOf, type Orders, PLACE_ORDER, startTestOrders, uniqueUser } from './orders-harness.ts';

// Run on one Redis and, by scripts/test.sh, on the local Redis Cluster, where A and B sit in different slots
// and every order of both is reserved by one script call per product.
let orders: Orders;
before(async () => {
  orders = await startTestOrders();
});
after(() => orders.close());

const placeBoth = (
  lines: { productId: string; quantity: number }[],
  buyer = uniqueUser(),
  key = randomUUID(),
) =>
  orders.call<{ placeOrder: { id: string } }>(buyer, PLACE_ORDER, {
    input: { items: lines, idempotencyKey: key },
  });

async function slotOf(productId: string): Promise<number> {
  return Number(await orders.redis.call('CLUSTER', 'KEYSLOT', stockKeys(productId).stock));
}

describe('orders of several products', () => {
  test('100 buyers of A+B with A scarcer than B: sold(A) = sold(B) = A, every hold has its order', async () => {
    const a = await orders.publishProduct({ available: 30 });
    const b = await orders.publishProduct({ available: 60 });
    if (isCluster(orders.redis)) assert.notEqual(await slotOf(a.productId), await slotOf(b.productId));

    const results = await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        // Half list B first: the lines are reserved in product-id order whatever the order they come in.
        placeBoth(
          index % 2 === 0
            ? [
                { productId: a.productId, quantity: 1 },
                { productId: b.productId, quantity: 1 },
              ]
            : [
                { productId: b.productId, quantity: 1 },
                { productId: a.productId, quantity: 1 },
              ],
        ),
      ),
    );
    const placed = results.flatMap((result) => (result.data?.placeOrder ? [result.data.placeOrder.id] : []));
    const refusals = results.filter((result) => !result.data?.placeOrder);
    assert.equal(placed.length, 30);
    assert.deepEqual(
      refusals.map((result) => [codesOf(result), result.errors?.[0]?.extensions?.productId]),
      Array.from({ length: 70 }, () => [['OUT_OF_STOCK'], a.productId]),
    );

    assert.deepEqual(await orders.stock.levels([a.productId, b.productId]), [
      { available: 0, reserved: 30 },
      { available: 30, reserved: 30 },
    ]);
    for (const product of [a, b]) {
      const held = await orders.redis.hkeys(stockKeys(product.productId).holds);
      assert.deepEqual(held.sort(), [...placed].sort(), `the holds of ${product.productId} are the orders'`);
    }
  });

  test('a refusal on the second product leaves nothing held on the first, and a retry may succeed', async () => {
    const plenty = await orders.publishProduct({ available: 10 });
    const scarce = await orders.publishProduct({ available: 1 });
    const buyer = uniqueUser();
    const key = randomUUID();
    const lines = [
      { productId: plenty.productId, quantity: 2 },
      { productId: scarce.productId, quantity: 2 },
    ];
    const refused = await placeBoth(lines, buyer, key);
    assert.deepEqual(codesOf(refused), ['OUT_OF_STOCK']);
    assert.equal(refused.errors?.[0]?.extensions?.productId, scarce.productId);
    assert.deepEqual(await orders.stock.levels([plenty.productId, scarce.productId]), [
      { available: 10, reserved: 0 },
      { available: 1, reserved: 0 },
    ]);
    assert.equal(
      await orders.redis.zscore(stockKeys(plenty.productId).placed, orderIdFor(buyer.id, key)),
      null,
    );

    await orders.stock.restock(scarce.productId, 1);
    const retried = await placeBoth(lines, buyer, key);
    assert.equal(retried.data?.placeOrder.id, orderIdFor(buyer.id, key), JSON.stringify(retried.errors));
  });

  test('a crash between the per-product calls: the retry finishes the order, and replays change nothing', async (t) => {
    // One Redis reserves every line in one script call: nothing can crash between lines there.
    if (!isCluster(orders.redis)) return t.skip('only a cluster reserves product by product');
    const a = await orders.publishProduct({ available: 5 });
    const b = await orders.publishProduct({ available: 5 });
    const buyer = uniqueUser();
    const key = randomUUID();
    const orderId = orderIdFor(buyer.id, key);
    // The first attempt reserved A, then its process died before reserving B or writing the order.
    const first = await orders.stock.reserve(
      orderId,
      buyer.id,
      [{ productId: a.productId, quantity: 2 }],
      MARKER_TTL_MS,
    );
    assert.equal(first.ok, true);

    const lines = [
      { productId: a.productId, quantity: 2 },
      { productId: b.productId, quantity: 1 },
    ];
    const retried = await placeBoth(lines, buyer, key);
    assert.equal(retried.data?.placeOrder.id, orderId, JSON.stringify(retried.errors));
    const replays = await Promise.all(Array.from({ length: 5 }, () => placeBoth(lines, buyer, key)));
    assert.deepEqual(
      replays.map((replay) => replay.data?.placeOrder.id),
      Array.from({ length: 5 }, () => orderId),
    );
    assert.deepEqual(await orders.stock.levels([a.productId, b.productId]), [
      { available: 3, reserved: 2 },
      { available: 4, reserved: 1 },
    ]);
    assert.equal((await orders.ordersOf([buyer.id])).length, 1);
  });

  test('two products with one unit each and 40 buyers of both: one order holds both, no one holds half', async () => {
    const a = await orders.publishProduct({ available: 1 });
    const b = await orders.publishProduct({ available: 1 });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        placeBoth(
          index % 2 === 0
            ? [
                { productId: a.productId, quantity: 1 },
                { productId: b.productId, quantity: 1 },
              ]
            : [
                { productId: b.productId, quantity: 1 },
                { productId: a.productId, quantity: 1 },
              ],
        ),
      ),
    );
    const placed = results.flatMap((result) => (result.data?.placeOrder ? [result.data.placeOrder.id] : []));
    assert.equal(placed.length, 1);
    assert.deepEqual(await orders.redis.hkeys(stockKeys(a.productId).holds), placed);
    assert.deepEqual(await orders.redis.hkeys(stockKeys(b.productId).holds), placed);
  });
});
