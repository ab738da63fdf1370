import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { STOCK_STRATEGIES } from '../src/domain/stock/index.ts';
import {
  codesOf,
  type Orders,
  type OrderView,
  PLACE_ORDER,
  startTestOrders,
  uniqueUser,
} from './orders-harness.ts';

type Placed = { placeOrder: OrderView };

for (const strategy of STOCK_STRATEGIES) {
  describe(`STOCK_STRATEGY=${strategy}`, () => {
    let orders: Orders;
    before(async () => {
      orders = await startTestOrders({ env: { STOCK_STRATEGY: strategy } });
      assert.equal(orders.deps.reservations.strategy, strategy);
    });
    after(() => orders.close());

    test('500 concurrent buyers for 50 units: exactly 50 orders and 450 OUT_OF_STOCK', async () => {
      const product = await orders.publishProduct({ available: 50, purchaseLimit: 1 });
      const buyers = Array.from({ length: 500 }, () => uniqueUser('rush'));
      const results = await Promise.all(
        buyers.map((buyer) =>
          orders.call<Placed>(buyer, PLACE_ORDER, {
            input: { items: [{ productId: product.productId, quantity: 1 }], idempotencyKey: randomUUID() },
          }),
        ),
      );
      const placed = results.filter((result) => result.data?.placeOrder.status === 'PAYMENT_PENDING');
      const refused = results.flatMap((result) => codesOf(result) ?? []);
      assert.equal(placed.length, 50);
      assert.deepEqual(refused, Array(450).fill('OUT_OF_STOCK'));
      assert.equal((await orders.ordersOf(buyers.map((buyer) => buyer.id))).length, 50);
      const level = await orders.levels(product.productId);
      assert.deepEqual(
        { ...level, buyers: Object.keys(level.buyers).length },
        {
          available: 0,
          reserved: 50,
          holds: 50,
          buyers: 50,
        },
      );
    });

    test('same checks and codes: purchase limit, sale window, all lines or none, replayed key', async () => {
      const limited = await orders.publishProduct({ available: 10, purchaseLimit: 2 });
      const upcoming = await orders.publishProduct({ saleStartsAt: new Date(Date.now() + 60_000) });
      const buyer = uniqueUser();
      const place = (items: { productId: string; quantity: number }[], idempotencyKey = randomUUID()) =>
        orders.call<Placed>(buyer, PLACE_ORDER, { input: { items, idempotencyKey } });

      const first = await place([{ productId: limited.productId, quantity: 2 }]);
      assert.equal(first.data?.placeOrder.status, 'PAYMENT_PENDING');
      assert.deepEqual(codesOf(await place([{ productId: limited.productId, quantity: 1 }])), [
        'PURCHASE_LIMIT_EXCEEDED',
      ]);
      const mixed = await place([
        { productId: upcoming.productId, quantity: 1 },
        { productId: limited.productId, quantity: 1 },
      ]);
      assert.deepEqual(codesOf(mixed), ['SALE_NOT_STARTED']);

      const other = uniqueUser();
      const key = randomUUID();
      const input = { items: [{ productId: limited.productId, quantity: 1 }], idempotencyKey: key };
      const replays = await Promise.all(
        Array.from({ length: 10 }, () => orders.call<Placed>(other, PLACE_ORDER, { input })),
      );
      assert.equal(new Set(replays.map((result) => result.data?.placeOrder.id)).size, 1);
      assert.deepEqual(await orders.levels(limited.productId), {
        available: 7,
        reserved: 3,
        holds: 2,
        buyers: { [buyer.id]: '2', [other.id]: '1' },
      });
    });
  });
}
