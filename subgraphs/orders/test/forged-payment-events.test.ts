import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import {
  createEvent,
  createKafkaPublisher,
  type EventPublisher,
  EventRejections,
  runConsumer,
} from '@fcfs/shared';
import { PAYMENT_RESULT_REJECTIONS } from '../src/domain/check-payment-result.ts';
import { ordersEventHandlers } from '../src/events/handlers.ts';
import { eventually, type Orders, startOrders } from './orders-harness.ts';

let orders: Orders;
let consumer: Awaited<ReturnType<typeof runConsumer>>;
let publisher: EventPublisher;
let rejections: EventRejections;

before(async () => {
  orders = await startOrders();
  rejections = new EventRejections(orders.deps.logger);
  consumer = await runConsumer({
    kafka: orders.kafka,
    groupId: `orders-test-${randomUUID()}`,
    handlers: ordersEventHandlers(orders.deps, rejections),
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
const countOf = (reason: string) => rejections.counts()[reason] ?? 0;
/** Waits until the consumer has refused one more event for `reason`. */
const refusedOnceMore = async (reason: string, before: number) =>
  eventually(
    async () => countOf(reason),
    (count) => count > before,
  );

test('results that cannot be the order’s leave it unpaid; the real one still pays it', async () => {
  const product = await orders.publishProduct({ available: 5 });
  const { id, buyer } = await orders.placeOne(product.productId, { quantity: 2 });
  const wrongAmounts = countOf(PAYMENT_RESULT_REJECTIONS.wrongAmount);
  const unknownPayments = countOf(PAYMENT_RESULT_REJECTIONS.unknownPayment);

  await publisher.publish([
    createEvent('payment.succeeded', id, { orderId: id, paymentId: randomUUID(), amount: 1 }),
    // Longer than any payment id: it could not even be recorded as the order's.
    createEvent('payment.failed', id, { orderId: id, paymentId: 'x'.repeat(500), reason: 'forged' }),
  ]);
  assert.equal(await refusedOnceMore(PAYMENT_RESULT_REJECTIONS.wrongAmount, wrongAmounts), wrongAmounts + 1);
  assert.equal(
    await refusedOnceMore(PAYMENT_RESULT_REJECTIONS.unknownPayment, unknownPayments),
    unknownPayments + 1,
  );

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

  // The refused event neither stalled the consumer nor claimed the order for its payment id.
  await publisher.publish([
    createEvent('payment.succeeded', id, { orderId: id, paymentId: randomUUID(), amount: 20_000 }),
  ]);
  assert.equal(
    await eventually(
      () => statusOf(id),
      (status) => status === 'PAID',
    ),
    'PAID',
  );
});

test('a result naming another payment than the order’s changes nothing', async () => {
  const product = await orders.publishProduct({ available: 5 });
  const { id } = await orders.placeOne(product.productId);
  const declined = randomUUID();
  await publisher.publish([
    createEvent('payment.failed', id, { orderId: id, paymentId: declined, reason: 'card declined' }),
  ]);
  assert.equal(
    await eventually(
      () => statusOf(id),
      (status) => status === 'PAYMENT_FAILED',
    ),
    'PAYMENT_FAILED',
  );
  const before = countOf(PAYMENT_RESULT_REJECTIONS.unknownPayment);

  // A forged success for the declined order, with the right amount: unrefused, it would ask payments for a
  // refund and mark the order as paid-after-expiry.
  await publisher.publish([
    createEvent('payment.succeeded', id, { orderId: id, paymentId: randomUUID(), amount: 10_000 }),
  ]);
  assert.equal(await refusedOnceMore(PAYMENT_RESULT_REJECTIONS.unknownPayment, before), before + 1);

  assert.equal(await statusOf(id), 'PAYMENT_FAILED');
  assert.deepEqual(
    (await orders.history(id)).map((change) => [change.toStatus, change.reason]),
    [
      ['PAYMENT_PENDING', null],
      ['PAYMENT_FAILED', 'card declined'],
    ],
  );
  assert.deepEqual(
    (await orders.events([id])).map((event) => event.type),
    ['order.created', 'order.status-changed', 'order.payment-failed', 'order.status-changed'],
  );
});

test('a result for an order orders never placed is refused and counted', async () => {
  const before = countOf(PAYMENT_RESULT_REJECTIONS.unknownOrder);
  const id = randomUUID();
  await publisher.publish([
    createEvent('payment.succeeded', id, { orderId: id, paymentId: randomUUID(), amount: 10_000 }),
  ]);
  assert.equal(await refusedOnceMore(PAYMENT_RESULT_REJECTIONS.unknownOrder, before), before + 1);
  assert.equal(await orders.order(id), undefined);
  assert.deepEqual(await orders.events([id]), []);
});
