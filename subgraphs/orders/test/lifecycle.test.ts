import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createEvent, type EventEnvelope, paymentIdFor } from '@fcfs/shared';
import { recordPaymentsSucceeded } from '../src/domain/record-payment.ts';
import {
  admin,
  codesOf,
  ORDER_FIELDS,
  type Orders,
  type OrderView,
  startTestOrders,
  uniqueUser,
} from './orders-harness.ts';

let orders: Orders;
before(async () => {
  orders = await startTestOrders({ env: { RETURN_WINDOW: '2s' } });
});
after(() => orders.close());

const CANCEL = /* GraphQL */ `mutation($id: ID!) { cancelOrder(id: $id) { ${ORDER_FIELDS} } }`;
const RETURN = /* GraphQL */ `mutation($id: ID!, $reason: String) { requestReturn(id: $id, reason: $reason) { ${ORDER_FIELDS} } }`;

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const paymentSucceeded = (orderId: string) =>
  createEvent('payment.succeeded', orderId, {
    orderId,
    paymentId: paymentIdFor(orders.deps.paymentIds, orderId),
    amount: 10_000,
  });

describe('cancelOrder', () => {
  test('an unpaid order is cancelled and its hold released', async () => {
    const product = await orders.publishProduct({ available: 5 });
    const buyer = uniqueUser();
    const id = (await orders.placeOne(product.productId, { buyer, quantity: 2 })).id;
    const result = await orders.call<{ cancelOrder: OrderView }>(buyer, CANCEL, { id });
    assert.equal(result.errors, undefined);
    assert.equal(result.data?.cancelOrder.status, 'CANCELLED');
    assert.deepEqual(result.data?.cancelOrder.statusHistory, [
      { from: null, to: 'PAYMENT_PENDING', reason: null },
      { from: 'PAYMENT_PENDING', to: 'CANCELLED', reason: 'cancelled by the buyer' },
    ]);
    assert.deepEqual(await orders.levels(product.productId), {
      available: 5,
      reserved: 0,
      holds: 0,
      buyers: {},
    });
    const cancelled = await orders.events([id], 'order.cancelled');
    assert.deepEqual(
      cancelled.map((event) => event.data),
      [
        {
          orderId: id,
          userId: buyer.id,
          items: [{ productId: product.productId, quantity: 2 }],
          wasPaid: false,
        },
      ],
    );
    const again = await orders.call(buyer, CANCEL, { id });
    assert.deepEqual(again, {
      status: 200,
      data: null,
      errors: [
        {
          message: 'An order in CANCELLED cannot be cancelled',
          path: ['cancelOrder'],
          extensions: { code: 'INVALID_ORDER_STATE' },
        },
      ],
    });
  });

  test('a paid order is cancelled with wasPaid, so payments refunds, and its units are back on the shelf', async () => {
    const product = await orders.publishProduct({ available: 5 });
    const buyer = uniqueUser();
    const id = (await orders.placeOne(product.productId, { buyer })).id;
    await recordPaymentsSucceeded(orders.deps, [paymentSucceeded(id)]);
    // Paid: the hold is settled, the unit stays off the shelf and counts for its buyer.
    assert.deepEqual(await orders.levels(product.productId), {
      available: 4,
      reserved: 0,
      holds: 0,
      buyers: { [buyer.id]: '1' },
    });
    const result = await orders.call<{ cancelOrder: OrderView }>(admin, CANCEL, { id });
    assert.equal(result.data?.cancelOrder.status, 'CANCELLED');
    assert.equal(result.data?.cancelOrder.statusHistory.at(-1)?.reason, 'cancelled by an admin');
    const events = await orders.events([id]);
    assert.deepEqual(
      events.filter((event) => event.type !== 'order.status-changed').map((event) => event.type),
      ['order.created', 'order.paid', 'order.cancelled'],
    );
    assert.equal((events.at(-2) as EventEnvelope<'order.cancelled'>).data.wasPaid, true);
    assert.deepEqual(await orders.levels(product.productId), {
      available: 5,
      reserved: 0,
      holds: 0,
      buyers: {},
    });
  });

  test('only PAYMENT_PENDING or PAID can be cancelled, and only by the buyer or an admin', async () => {
    const product = await orders.publishProduct();
    const buyer = uniqueUser();
    const id = (await orders.placeOne(product.productId, { buyer })).id;
    const stranger = await orders.call(uniqueUser(), CANCEL, { id });
    assert.deepEqual(codesOf(stranger), ['NOT_FOUND']);
    assert.deepEqual(codesOf(await orders.call(null, CANCEL, { id })), ['UNAUTHENTICATED']);
    await orders.forceOrder(id, { status: 'SHIPPING' });
    assert.deepEqual(codesOf(await orders.call(buyer, CANCEL, { id })), ['INVALID_ORDER_STATE']);
    assert.equal((await orders.order(id))?.status, 'SHIPPING');
  });

  test('cancel racing a payment success ends in one consistent state with stock accounted', async () => {
    const product = await orders.publishProduct({ available: 40, purchaseLimit: 1 });
    const buyers = Array.from({ length: 40 }, () => uniqueUser('race'));
    const ids = await Promise.all(
      buyers.map(async (buyer) => (await orders.placeOne(product.productId, { buyer })).id),
    );
    const cancels = await Promise.all(
      ids.map(async (id, n) => {
        const event = paymentSucceeded(id);
        // The same payment event delivered twice, racing the cancel.
        const [cancel] = await Promise.all([
          orders.call<{ cancelOrder: OrderView }>(buyers[n] ?? null, CANCEL, { id }),
          later((n % 20) * 10).then(() => recordPaymentsSucceeded(orders.deps, [event])),
          later((n % 20) * 10).then(() => recordPaymentsSucceeded(orders.deps, [event])),
        ]);
        return cancel;
      }),
    );
    assert.deepEqual(
      cancels.map((cancel) => cancel.data?.cancelOrder.status ?? cancel.errors),
      Array(40).fill('CANCELLED'),
    );
    const outcomes = { cancelledUnpaid: 0, cancelledAfterPayment: 0 };
    for (const id of ids) {
      const order = await orders.order(id);
      assert.equal(order?.status, 'CANCELLED');
      const path = (await orders.history(id)).map((change) => change.toStatus);
      const types = (await orders.events([id]))
        .map((event) => event.type)
        .filter((t) => t !== 'order.status-changed');
      const cancelled = await orders.events([id], 'order.cancelled');
      if (path.includes('PAID')) {
        outcomes.cancelledAfterPayment += 1;
        assert.deepEqual(path, ['PAYMENT_PENDING', 'PAID', 'CANCELLED']);
        assert.deepEqual(types, ['order.created', 'order.paid', 'order.cancelled']);
        assert.equal(cancelled[0]?.data.wasPaid, true);
      } else {
        outcomes.cancelledUnpaid += 1;
        assert.deepEqual(path, ['PAYMENT_PENDING', 'CANCELLED']);
        assert.deepEqual(types, ['order.created', 'order.cancelled']);
        assert.equal(cancelled[0]?.data.wasPaid, false);
      }
    }
    assert.equal(outcomes.cancelledAfterPayment + outcomes.cancelledUnpaid, 40);
    // Payments staggered 0–190 ms around the cancel make both interleavings happen, so both branches above
    // were checked.
    assert.ok(outcomes.cancelledUnpaid > 0 && outcomes.cancelledAfterPayment > 0, JSON.stringify(outcomes));
    assert.deepEqual(await orders.levels(product.productId), {
      available: 40,
      reserved: 0,
      holds: 0,
      buyers: {},
    });
  });
});

describe('requestReturn', () => {
  test('only a delivered order, only within RETURN_WINDOW of delivery', async () => {
    const product = await orders.publishProduct({ available: 10, purchaseLimit: 10 });
    const buyer = uniqueUser();
    const pending = (await orders.placeOne(product.productId, { buyer })).id;
    assert.deepEqual(codesOf(await orders.call(buyer, RETURN, { id: pending })), ['INVALID_ORDER_STATE']);

    const fresh = (await orders.placeOne(product.productId, { buyer })).id;
    await orders.forceOrder(fresh, { status: 'DELIVERED', deliveredAt: new Date(Date.now() - 1_000) });
    const returned = await orders.call<{ requestReturn: OrderView }>(buyer, RETURN, {
      id: fresh,
      reason: 'too small',
    });
    assert.equal(returned.errors, undefined);
    assert.equal(returned.data?.requestReturn.status, 'RETURN_REQUESTED');
    assert.deepEqual(returned.data?.requestReturn.statusHistory.at(-1), {
      from: 'DELIVERED',
      to: 'RETURN_REQUESTED',
      reason: 'too small',
    });
    assert.deepEqual(codesOf(await orders.call(buyer, RETURN, { id: fresh })), ['INVALID_ORDER_STATE']);

    const late = (await orders.placeOne(product.productId, { buyer })).id;
    await orders.forceOrder(late, { status: 'DELIVERED', deliveredAt: new Date(Date.now() - 2_500) });
    const closed = await orders.call(buyer, RETURN, { id: late });
    assert.deepEqual(closed, {
      status: 200,
      data: null,
      errors: [
        {
          message: 'The return window of this order has closed',
          path: ['requestReturn'],
          extensions: { code: 'RETURN_WINDOW_CLOSED' },
        },
      ],
    });
    assert.deepEqual(codesOf(await orders.call(uniqueUser(), RETURN, { id: late })), ['NOT_FOUND']);
  });
});
