import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createEvent, paymentIdFor } from '@fcfs/shared';
import { orderIdFor } from '../src/domain/order-id.ts';
import { type PlacedOrdersWriter, writePlacedOrders } from '../src/domain/order-writer.ts';
import { recordPaymentFailed } from '../src/domain/record-payment.ts';
import { codesOf, type Orders, startTestOrders, uniqueUser } from './orders-harness.ts';

let orders: Orders;
before(async () => {
  orders = await startTestOrders();
});
after(() => orders.close());

const ONE_LINE = /* GraphQL */ `
  mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) { id status } }
`;
type Placed = { placeOrder: { id: string; status: string } };

const buy = (target: Orders, productId: string, buyer = uniqueUser(), idempotencyKey = randomUUID()) =>
  target.call<Placed>(buyer, ONE_LINE, { input: { items: [{ productId, quantity: 1 }], idempotencyKey } });

describe('refusals are answered from Redis alone', () => {
  test('200 concurrent sold-out buyers and every other refusal run no SQL statement', async () => {
    const soldOut = await orders.publishProduct({ available: 0 });
    const upcoming = await orders.publishProduct({ saleStartsAt: new Date(Date.now() + 3_600_000) });
    const ended = await orders.publishProduct({
      saleStartsAt: new Date(Date.now() - 7_200_000),
      saleEndsAt: new Date(Date.now() - 3_600_000),
    });
    const limited = await orders.publishProduct({ purchaseLimit: 1 });
    const greedy = uniqueUser();
    assert.ok((await buy(orders, limited.productId, greedy)).data?.placeOrder.id);

    const statementsBefore = orders.queries.length;
    const results = await Promise.all([
      ...Array.from({ length: 200 }, () => buy(orders, soldOut.productId)),
      ...Array.from({ length: 20 }, () => buy(orders, upcoming.productId)),
      ...Array.from({ length: 20 }, () => buy(orders, ended.productId)),
      ...Array.from({ length: 20 }, () => buy(orders, limited.productId, greedy)),
    ]);
    const codes = results.flatMap((result) => codesOf(result) ?? ['PLACED']);
    assert.deepEqual([...new Set(codes)].sort(), [
      'OUT_OF_STOCK',
      'PURCHASE_LIMIT_EXCEEDED',
      'SALE_ENDED',
      'SALE_NOT_STARTED',
    ]);
    assert.equal(codes.length, 260);
    assert.deepEqual(orders.queries.slice(statementsBefore), []);
  });
});

describe('a replay of a placed attempt gets its order back, whatever the stock says now', () => {
  test('the last unit was bought: replaying its key after the sale sold out returns the same order', async () => {
    const product = await orders.publishProduct({ available: 1 });
    const buyer = uniqueUser();
    const idempotencyKey = randomUUID();
    const first = await buy(orders, product.productId, buyer, idempotencyKey);
    assert.equal(first.data?.placeOrder.status, 'PAYMENT_PENDING');
    assert.deepEqual(codesOf(await buy(orders, product.productId)), ['OUT_OF_STOCK']);

    const replays = await Promise.all(
      Array.from({ length: 10 }, () => buy(orders, product.productId, buyer, idempotencyKey)),
    );
    assert.deepEqual(
      replays.map((replay) => replay.data?.placeOrder),
      Array(10).fill({ id: first.data?.placeOrder.id, status: 'PAYMENT_PENDING' }),
    );
    assert.deepEqual((await orders.levels(product.productId)).available, 0);
  });

  test('a failed payment gave the units back: the replay returns the failed order and takes nothing', async () => {
    const product = await orders.publishProduct({ available: 3 });
    const buyer = uniqueUser();
    const idempotencyKey = randomUUID();
    const id = (await buy(orders, product.productId, buyer, idempotencyKey)).data?.placeOrder.id;
    assert.ok(id);
    await recordPaymentFailed(
      orders.deps,
      createEvent('payment.failed', id, {
        orderId: id,
        paymentId: paymentIdFor(orders.deps.paymentIds, id),
        reason: 'declined',
      }),
    );
    assert.equal((await orders.levels(product.productId)).available, 3);

    const replay = await buy(orders, product.productId, buyer, idempotencyKey);
    assert.deepEqual(replay.data?.placeOrder, { id, status: 'PAYMENT_FAILED' });
    assert.deepEqual(await orders.levels(product.productId), {
      available: 3,
      reserved: 0,
      holds: 0,
      buyers: {},
    });
  });
});

describe('group commit', () => {
  let grouped: Orders;
  /** Order ids whose write fails, as a row the database refuses would. */
  const refused = new Set<string>();
  const refusing: PlacedOrdersWriter = async (tx, placed) => {
    const bad = placed.find(({ order }) => refused.has(order.id));
    if (bad) throw new Error(`simulated refusal of order ${bad.order.id}`);
    return writePlacedOrders(tx, placed);
  };
  before(async () => {
    grouped = await startTestOrders({
      env: { ORDER_WRITE_WINDOW: '50ms', ORDER_WRITE_BATCH: '25' },
      writePlacedOrders: refusing,
    });
  });
  after(() => grouped.close());

  test('concurrent orders share transactions; a bad one fails alone and gives its units back', async () => {
    const product = await grouped.publishProduct({ available: 100, purchaseLimit: 1 });
    const buyers = Array.from({ length: 60 }, () => uniqueUser());
    const keys = buyers.map(() => randomUUID());
    const poisoned = [7, 33].map((index) => orderIdFor(buyers[index]?.id ?? '', keys[index] ?? ''));
    for (const id of poisoned) refused.add(id);

    const results = await Promise.all(
      buyers.map((buyer, index) => buy(grouped, product.productId, buyer, keys[index])),
    );
    const placed = results.flatMap((result) => (result.data?.placeOrder ? [result.data.placeOrder.id] : []));
    assert.equal(placed.length, 58);
    assert.deepEqual(
      results.flatMap((result) => codesOf(result) ?? []),
      ['INTERNAL_SERVER_ERROR', 'INTERNAL_SERVER_ERROR'],
    );
    assert.equal((await grouped.ordersOf(buyers.map((buyer) => buyer.id))).length, 58);
    for (const id of poisoned) assert.equal(await grouped.order(id), undefined);
    const level = await grouped.levels(product.productId);
    assert.deepEqual(
      { available: level.available, reserved: level.reserved, holds: level.holds },
      {
        available: 42,
        reserved: 58,
        holds: 58,
      },
    );
    const sizes = grouped.deps.orderWriter.batchSizes();
    assert.ok(
      sizes.some(([size]) => size > 1),
      `expected a batch of more than one order, saw ${JSON.stringify(sizes)}`,
    );
    assert.equal(
      sizes.reduce((sum, [size, batches]) => sum + size * batches, 0),
      58,
    );

    // The refused attempts are forgotten, not remembered as placed: once the writer accepts them, they buy.
    refused.clear();
    const retried = await buy(grouped, product.productId, buyers[7], keys[7]);
    assert.equal(retried.data?.placeOrder.id, poisoned[0]);
  });
});
