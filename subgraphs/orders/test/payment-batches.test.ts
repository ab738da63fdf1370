import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createEvent, paymentIdFor } from '@fcfs/shared';
import { PAYMENT_RESULT_REJECTIONS } from '../src/domain/check-payment-result.ts';
import { recordPaymentsSucceeded } from '../src/domain/record-payment.ts';
import { type Orders, startTestOrders, uniqueUser } from './orders-harness.ts';

let orders: Orders;
before(async () => {
  orders = await startTestOrders();
});
after(() => orders.close());

async function placeOrders(count: number): Promise<string[]> {
  const product = await orders.publishProduct({ available: count, purchaseLimit: 1 });
  return Promise.all(
    Array.from(
      { length: count },
      async () => (await orders.placeOne(product.productId, { buyer: uniqueUser('batch') })).id,
    ),
  );
}

const succeeded = (orderId: string, amount = 10_000) =>
  createEvent('payment.succeeded', orderId, {
    orderId,
    paymentId: paymentIdFor(orders.deps.paymentIds, orderId),
    amount,
  });

async function expectPaidOnce(ids: string[]) {
  for (const id of ids) {
    assert.equal((await orders.order(id))?.status, 'PAID', id);
    const paidSteps = (await orders.history(id)).filter((change) => change.toStatus === 'PAID');
    assert.equal(paidSteps.length, 1, `one PAID history row for ${id}`);
  }
  assert.equal((await orders.events(ids, 'order.paid')).length, ids.length, 'one order.paid per order');
}

describe('payment results handled a batch at a time', () => {
  test('a batch pays every pending order once and refuses only the result that does not match', async () => {
    const ids = await placeOrders(30);
    const [wrongAmountId = '', ...paid] = ids;
    const events = [succeeded(wrongAmountId, 1), ...paid.map((id) => succeeded(id))];
    const duplicate = events[5];
    assert.ok(duplicate);
    const refused = await recordPaymentsSucceeded(orders.deps, [...events, duplicate]);
    assert.deepEqual([...refused.values()], [PAYMENT_RESULT_REJECTIONS.wrongAmount]);
    assert.equal((await orders.order(wrongAmountId))?.status, 'PAYMENT_PENDING');
    await expectPaidOnce(paid);
  });

  test('overlapping batches delivered at the same moment apply each event once', async () => {
    const ids = await placeOrders(40);
    const events = ids.map((id) => succeeded(id));
    await Promise.all([
      recordPaymentsSucceeded(orders.deps, events.slice(0, 25)),
      recordPaymentsSucceeded(orders.deps, events.slice(10)),
      recordPaymentsSucceeded(orders.deps, events.slice(5, 35)),
    ]);
    await expectPaidOnce(ids);
  });

  test('a result for an unknown order is refused without failing the rest of its batch', async () => {
    const ids = await placeOrders(3);
    const unknown = succeeded('00000000-0000-4000-8000-000000000000');
    const refused = await recordPaymentsSucceeded(orders.deps, [unknown, ...ids.map((id) => succeeded(id))]);
    assert.equal(refused.get(unknown.eventId), PAYMENT_RESULT_REJECTIONS.unknownOrder);
    await expectPaidOnce(ids);
  });
});
