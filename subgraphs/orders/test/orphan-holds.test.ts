import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { MARKER_TTL_MS } from '@fcfs/shared/testing';
import { OrphanHoldSweeper } from '../src/domain/stock/orphan-holds.ts';
import { type Orders, PLACE_ORDER, startTestOrders, uniqueUser } from './orders-harness.ts';

let orders: Orders;
before(async () => {
  orders = await startTestOrders();
});
after(() => orders.close());

test('a hold whose order was never written is released after the grace period, and only that one', async () => {
  const product = await orders.publishProduct({ available: 5 });
  const written = await orders.call<{ placeOrder: { id: string } }>(uniqueUser(), PLACE_ORDER, {
    input: { items: [{ productId: product.productId, quantity: 1 }], idempotencyKey: randomUUID() },
  });
  assert.ok(written.data?.placeOrder.id, JSON.stringify(written.errors));
  // The process that reserved this one died before its transaction: Redis has the hold, MySQL no order.
  const crashed = randomUUID();
  const orphanBuyer = uniqueUser();
  assert.deepEqual(
    await orders.stock.reserve(
      crashed,
      orphanBuyer.id,
      [{ productId: product.productId, quantity: 2 }],
      MARKER_TTL_MS,
    ),
    { ok: true, replayed: false, unitPrices: [10_000] },
  );
  assert.equal((await orders.levels(product.productId)).available, 2);

  const sweeper = new OrphanHoldSweeper(orders.deps, 60_000);
  const start = Date.now();
  assert.equal(await sweeper.sweep(start), 0, 'a young orphan may still be mid-write');
  assert.equal(await sweeper.sweep(start + 30_000), 0);
  assert.ok((await sweeper.sweep(start + 61_000)) >= 1);

  assert.deepEqual(await orders.levels(product.productId), {
    available: 4,
    reserved: 1,
    holds: 1,
    buyers: { [(await orders.order(written.data.placeOrder.id))?.userId ?? '']: '1' },
  });
  assert.equal(await sweeper.sweep(start + 120_000), 0, 'the written order keeps its hold');
});
