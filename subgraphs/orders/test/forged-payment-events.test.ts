import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import {
  createEvent,
  createKafkaPublisher,
  type EventPublisher,
  EventRejections,
  paymentIdFor,
  runConsumer,
} from '@fcfs/shared';
import { PAYMENT_RESULT_REJECTIONS } from '../src/domain/check-payment-result.ts';
import { ordersEventHandling } from '../src/events/handlers.ts';
import { eventually, type Orders, startTestOrders } from './orders-harness.ts';

let orders: Orders;
let consumer: Awaited<ReturnType<typeof runConsumer>>;
let publisher: EventPublisher;
let rejections: EventRejections;

before(async () => {
  orders = await startTestOrders();
  rejections = new EventRejections(orders.deps.logger);
  consumer = await runConsumer({
    kafka: orders.kafka,
    groupId: `orders-test-${randomUUID()}`,
    ...ordersEventHandling(orders.deps, rejections),
    logger: orders.deps.logger,
    fromBeginning: false,
  });
  publisher = await createKafkaPublisher(orders.kafka);
});
after(async () => {
  await publisher.close();
  await consumer.disconnect();
  await orders.close();
});

const statusOf = async (id: string) => (await orders.order(id))?.status;
/** The id payments gives the order's payment. */
const paymentIdOf = (orderId: string) => paymentIdFor(orders.deps.paymentIds, orderId);
const countOf = (reason: string) => rejections.counts()[reason] ?? 0;
/** Waits until the consumer has refused `times` more events for `reason`, and returns how many more it did. */
const refusedMore = async (reason: string, before: number, times = 1) =>
  (await eventually(
    async () => countOf(reason),
    (count) => count >= before + times,
  )) - before;

test('a forged success with the order total is refused even as the order’s first result; the real one pays', async () => {
  const product = await orders.publishProduct({ available: 5 });
  const { id, buyer } = await orders.placeOne(product.productId, { quantity: 2 });
  const notIssued = countOf(PAYMENT_RESULT_REJECTIONS.paymentNotIssued);
  const wrongAmounts = countOf(PAYMENT_RESULT_REJECTIONS.wrongAmount);

  await publisher.publish([
    // Everything a forger can know: the order, its total, the shape of a payment id.
    createEvent('payment.succeeded', id, { orderId: id, paymentId: randomUUID(), amount: 20_000 }),
    createEvent('payment.failed', id, { orderId: id, paymentId: 'x'.repeat(500), reason: 'forged' }),
    // The order's own payment id, but not the amount payments charged.
    createEvent('payment.succeeded', id, { orderId: id, paymentId: paymentIdOf(id), amount: 1 }),
  ]);
  assert.equal(await refusedMore(PAYMENT_RESULT_REJECTIONS.paymentNotIssued, notIssued, 2), 2);
  assert.equal(await refusedMore(PAYMENT_RESULT_REJECTIONS.wrongAmount, wrongAmounts), 1);

  assert.equal(await statusOf(id), 'PAYMENT_PENDING');
  assert.deepEqual(
    (await orders.history(id)).map((change) => change.toStatus),
    ['PAYMENT_PENDING'],
  );
  assert.deepEqual(
    (await orders.events([id])).map((event) => event.type),
    ['order.created', 'order.status-changed'],
  );
  assert.deepEqual(await orders.levels(product.productId), {
    available: 3,
    reserved: 2,
    holds: 1,
    buyers: { [buyer.id]: '2' },
  });

  // The refused events neither stalled the consumer nor closed the order to its real payment.
  await publisher.publish([
    createEvent('payment.succeeded', id, { orderId: id, paymentId: paymentIdOf(id), amount: 20_000 }),
  ]);
  assert.equal(
    await eventually(
      () => statusOf(id),
      (status) => status === 'PAID',
    ),
    'PAID',
  );
});

test('a result naming a made-up payment, or another order’s, changes nothing', async () => {
  const product = await orders.publishProduct({ available: 5 });
  const { id } = await orders.placeOne(product.productId);
  const other = await orders.placeOne(product.productId);
  await publisher.publish([
    createEvent('payment.failed', id, { orderId: id, paymentId: paymentIdOf(id), reason: 'card declined' }),
  ]);
  assert.equal(
    await eventually(
      () => statusOf(id),
      (status) => status === 'PAYMENT_FAILED',
    ),
    'PAYMENT_FAILED',
  );
  const before = countOf(PAYMENT_RESULT_REJECTIONS.paymentNotIssued);

  // Forged successes for the declined order, with the right amount: accepted, they would ask payments for a
  // refund of money never taken. A forged decline of the other order would release its units.
  await publisher.publish([
    createEvent('payment.succeeded', id, { orderId: id, paymentId: randomUUID(), amount: 10_000 }),
    createEvent('payment.succeeded', id, { orderId: id, paymentId: paymentIdOf(other.id), amount: 10_000 }),
    createEvent('payment.failed', other.id, {
      orderId: other.id,
      paymentId: paymentIdOf(id),
      reason: 'forged',
    }),
  ]);
  assert.equal(await refusedMore(PAYMENT_RESULT_REJECTIONS.paymentNotIssued, before, 3), 3);

  assert.equal(await statusOf(id), 'PAYMENT_FAILED');
  assert.equal(await statusOf(other.id), 'PAYMENT_PENDING');
  assert.deepEqual(
    (await orders.history(id)).map((change) => [change.toStatus, change.reason]),
    [
      ['PAYMENT_PENDING', null],
      ['PAYMENT_FAILED', 'card declined'],
    ],
  );
  assert.deepEqual(
    (await orders.events([id, other.id])).map((event) => [event.key, event.type]),
    [
      [id, 'order.created'],
      [id, 'order.status-changed'],
      [other.id, 'order.created'],
      [other.id, 'order.status-changed'],
      [id, 'order.payment-failed'],
      [id, 'order.status-changed'],
    ],
  );
});

test('a result for an order orders never placed is refused and counted, even with a well-made id', async () => {
  const before = countOf(PAYMENT_RESULT_REJECTIONS.unknownOrder);
  const id = randomUUID();
  await publisher.publish([
    createEvent('payment.succeeded', id, { orderId: id, paymentId: paymentIdOf(id), amount: 10_000 }),
  ]);
  assert.equal(await refusedMore(PAYMENT_RESULT_REJECTIONS.unknownOrder, before), 1);
  assert.equal(await orders.order(id), undefined);
  assert.deepEqual(await orders.events([id]), []);
});
