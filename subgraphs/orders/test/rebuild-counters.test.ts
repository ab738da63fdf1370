import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createEvent, paymentIdFor, REBUILD_REQUESTS_KEY, stockKeys, type Viewer } from '@fcfs/shared';
import { writePlacedOrders } from '../src/domain/order-writer.ts';
import { recordPaymentsSucceeded } from '../src/domain/record-payment.ts';
import { rebuildCounters, rebuildRequestedCounters } from '../src/domain/stock/rebuild-counters.ts';
import {
  codesOf,
  eventually,
  ORDER_FIELDS,
  type Orders,
  PLACE_ORDER,
  startTestOrders,
  uniqueUser,
} from './orders-harness.ts';

let orders: Orders;
before(async () => {
  orders = await startTestOrders();
});
after(() => orders.close());

const CANCEL = /* GraphQL */ `mutation($id: ID!) { cancelOrder(id: $id) { ${ORDER_FIELDS} } }`;

async function pay(orderId: string, productId: string) {
  const amount = (await orders.order(orderId))?.totalPrice ?? 0;
  await recordPaymentsSucceeded(orders.deps, [
    createEvent('payment.succeeded', orderId, {
      orderId,
      paymentId: paymentIdFor(orders.deps.paymentIds, orderId),
      amount,
    }),
  ]);
  await orders.stock.settle(orderId, [productId]);
}

/** Everything Redis knows of a product's stock, markers included. */
async function counters(productId: string) {
  const keys = stockKeys(productId);
  return {
    ...(await orders.levels(productId)),
    holdsByOrder: await orders.redis.hgetall(keys.holds),
    restored: await orders.redis.hgetall(keys.restored),
  };
}

/** Redis loses the counters (as after FLUSHALL); catalog has already published the metadata again. */
const loseCounters = async (productId: string) => {
  const { stock, buyers, holds, restored } = stockKeys(productId);
  await orders.redis.del(stock, buyers, holds, restored);
};

/** One product with an order in every state that matters to its counters. */
async function productWithHistory() {
  const product = await orders.publishProduct({ available: 10, purchaseLimit: 5 });
  const [pending, paid, paidThenCancelled, cancelledUnpaid] = [1, 2, 3, 4].map(() => uniqueUser());
  if (!pending || !paid || !paidThenCancelled || !cancelledUnpaid) throw new Error('four buyers');
  await orders.placeOne(product.productId, { buyer: pending, quantity: 2 });
  await pay((await orders.placeOne(product.productId, { buyer: paid, quantity: 1 })).id, product.productId);
  const refunded = (await orders.placeOne(product.productId, { buyer: paidThenCancelled, quantity: 3 })).id;
  await pay(refunded, product.productId);
  assert.equal((await orders.call(paidThenCancelled, CANCEL, { id: refunded })).errors, undefined);
  await orders.stock.restore(refunded, paidThenCancelled.id, [{ productId: product.productId, quantity: 3 }]);
  const unpaid = (await orders.placeOne(product.productId, { buyer: cancelledUnpaid, quantity: 1 })).id;
  assert.equal((await orders.call(cancelledUnpaid, CANCEL, { id: unpaid })).errors, undefined);
  return { product, refunded, paidThenCancelled };
}

test('lost counters are rebuilt exactly as they were: holds, buyers, restored markers', async () => {
  const { product, refunded, paidThenCancelled } = await productWithHistory();
  const before = await counters(product.productId);
  assert.deepEqual(
    { available: before.available, reserved: before.reserved, holds: before.holds },
    { available: 7, reserved: 2, holds: 1 },
  );

  await loseCounters(product.productId);
  const outcomes = await Promise.all(
    Array.from({ length: 10 }, () => rebuildCounters(orders.deps, product.productId)),
  );
  assert.deepEqual(
    outcomes.sort(),
    ['rebuilt', ...Array.from({ length: 9 }, () => 'present')].sort(),
    'one replica rebuilds, the others find the counters',
  );
  assert.deepEqual(await counters(product.productId), before);

  // The rebuilt marker keeps a redelivered restore of the refunded order from adding its units twice.
  assert.equal(
    await orders.stock.restore(refunded, paidThenCancelled.id, [
      { productId: product.productId, quantity: 3 },
    ]),
    0,
  );
});

test('a buyer arriving after the loss triggers the rebuild and gets a unit; limits still count', async () => {
  const product = await orders.publishProduct({ available: 3, purchaseLimit: 1 });
  const loyal = uniqueUser();
  await orders.placeOne(product.productId, { buyer: loyal });
  await loseCounters(product.productId);

  const buyers = Array.from({ length: 20 }, () => uniqueUser());
  const results = await Promise.all(
    [loyal, ...buyers].map((buyer) =>
      orders.call(buyer, PLACE_ORDER, {
        input: { items: [{ productId: product.productId, quantity: 1 }], idempotencyKey: randomUUID() },
      }),
    ),
  );
  const codes = results.map((result) => codesOf(result)?.[0] ?? 'OK');
  assert.equal(codes[0], 'PURCHASE_LIMIT_EXCEEDED', 'the buyer who already held a unit is still counted');
  assert.equal(codes.filter((code) => code === 'OK').length, 2, 'only the two units left are sold');
  assert.equal(codes.filter((code) => code === 'OUT_OF_STOCK').length, 18);
  assert.deepEqual(
    { ...(await orders.levels(product.productId)), buyers: undefined },
    { available: 0, reserved: 3, holds: 3, buyers: undefined },
  );
});

test('products catalog reports as missing counters are rebuilt by the scheduler step', async () => {
  const product = await orders.publishProduct({ available: 5 });
  await orders.placeOne(product.productId, { quantity: 2 });
  await loseCounters(product.productId);
  await orders.stock.requestRebuild([product.productId]);

  assert.ok((await rebuildRequestedCounters(orders.deps, 1_000)) >= 1);
  assert.equal(await orders.redis.sismember(REBUILD_REQUESTS_KEY, product.productId), 0);
  const level = await orders.levels(product.productId);
  assert.deepEqual({ available: level.available, reserved: level.reserved }, { available: 3, reserved: 2 });
});

describe('Redis loses its data while an order is being written', () => {
  let racing: Orders;
  /** Set by a test: runs inside the next order's transaction, before its rows are written. */
  let duringWrite: (() => Promise<void>) | undefined;
  before(async () => {
    racing = await startTestOrders({
      writePlacedOrders: async (tx, placed) => {
        const during = duringWrite;
        duringWrite = undefined;
        await during?.();
        return writePlacedOrders(tx, placed);
      },
    });
  });
  after(() => racing.close());

  const place = (orders: Orders, buyer: Viewer, productId: string) =>
    orders.call<{ placeOrder: { id: string; status: string } }>(buyer, PLACE_ORDER, {
      input: { items: [{ productId, quantity: 1 }], idempotencyKey: randomUUID() },
    });

  test('the rebuild missed the order: its units are taken again once it is written', async () => {
    const product = await orders.publishProduct({ available: 3, purchaseLimit: 1 });
    duringWrite = async () => {
      await loseCounters(product.productId);
      assert.equal(await rebuildCounters(orders.deps, product.productId), 'rebuilt');
    };
    const written = await place(racing, uniqueUser(), product.productId);
    const id = written.data?.placeOrder.id;
    assert.ok(id, JSON.stringify(written.errors));
    const level = await eventually(
      () => racing.levels(product.productId),
      (current) => current.reserved === 1,
    );
    assert.deepEqual({ available: level.available, reserved: level.reserved }, { available: 2, reserved: 1 });
    assert.equal((await racing.order(id))?.status, 'PAYMENT_PENDING');
  });

  test('and the last unit went to someone else meanwhile: the order fails instead of overselling', async () => {
    const product = await orders.publishProduct({ available: 1, purchaseLimit: 1 });
    duringWrite = async () => {
      await loseCounters(product.productId);
      await rebuildCounters(orders.deps, product.productId);
      assert.equal((await place(orders, uniqueUser(), product.productId)).errors, undefined);
    };
    const written = await place(racing, uniqueUser(), product.productId);
    const id = written.data?.placeOrder.id;
    assert.ok(id, JSON.stringify(written.errors));
    const order = await eventually(
      () => racing.order(id),
      (current) => current?.status !== 'PAYMENT_PENDING',
    );
    assert.equal(order?.status, 'PAYMENT_FAILED');
    assert.deepEqual(
      (await racing.events([id], 'order.payment-failed')).map((event) => event.data.reason),
      ['STOCK_LOST'],
    );
    const level = await racing.levels(product.productId);
    assert.deepEqual({ available: level.available, reserved: level.reserved }, { available: 0, reserved: 1 });
  });
});
