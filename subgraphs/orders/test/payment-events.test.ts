import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import {
  createEvent,
  createKafkaPublisher,
  type EventPublisher,
  paymentIdFor,
  runConsumer,
} from '@fcfs/shared';
import { ordersEventHandling } from '../src/events/handlers.ts';
import { eventually, type Orders, startTestOrders } from './orders-harness.ts';

let orders: Orders;
let consumer: Awaited<ReturnType<typeof runConsumer>>;
let publisher: EventPublisher;

before(async () => {
  orders = await startTestOrders();
  consumer = await runConsumer({
    kafka: orders.kafka,
    groupId: `orders-test-${randomUUID()}`,
    ...ordersEventHandling(orders.deps),
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
const paymentIdOf = (orderId: string) => paymentIdFor(orders.deps.paymentIds, orderId);
const settle = () => new Promise((resolve) => setTimeout(resolve, 1_500));

test('payment.succeeded over Kafka pays the order once, however often it is delivered', async () => {
  const product = await orders.publishProduct({ available: 5 });
  const { id, buyer } = await orders.placeOne(product.productId, { quantity: 2 });
  const paid = createEvent('payment.succeeded', id, {
    orderId: id,
    paymentId: paymentIdOf(id),
    amount: 20_000,
  });
  await publisher.publish([paid, paid]);
  await publisher.publish([paid]);
  assert.equal(
    await eventually(
      () => statusOf(id),
      (status) => status === 'PAID',
    ),
    'PAID',
  );
  // A second, distinct success event for the same order (a payments retry) changes nothing either.
  await publisher.publish([
    createEvent('payment.succeeded', id, { orderId: id, paymentId: paymentIdOf(id), amount: 20_000 }),
  ]);
  await settle();

  const order = await orders.order(id);
  assert.equal(order?.status, 'PAID');
  assert.ok(order?.paidAt);
  assert.deepEqual(
    (await orders.history(id)).map((change) => [change.fromStatus, change.toStatus]),
    [
      [null, 'PAYMENT_PENDING'],
      ['PAYMENT_PENDING', 'PAID'],
    ],
  );
  const events = await orders.events([id]);
  assert.deepEqual(
    events.map((event) => event.type),
    ['order.created', 'order.status-changed', 'order.paid', 'order.status-changed'],
  );
  assert.deepEqual(events[2]?.data, {
    orderId: id,
    userId: buyer.id,
    items: [{ productId: product.productId, quantity: 2 }],
  });
  // Paid: the hold is settled, once however often the success came; the units stay off the shelf.
  assert.deepEqual(await orders.levels(product.productId), {
    available: 3,
    reserved: 0,
    holds: 0,
    buyers: { [buyer.id]: '2' },
  });
});

test('payment.failed fails the order once and releases its hold; a late success never moves it back', async () => {
  const product = await orders.publishProduct({ available: 5 });
  const { id } = await orders.placeOne(product.productId, { quantity: 3 });
  const failed = createEvent('payment.failed', id, {
    orderId: id,
    paymentId: paymentIdOf(id),
    reason: 'card declined',
  });
  await publisher.publish([failed, failed]);
  assert.equal(
    await eventually(
      () => statusOf(id),
      (status) => status === 'PAYMENT_FAILED',
    ),
    'PAYMENT_FAILED',
  );
  await publisher.publish([
    failed,
    createEvent('payment.succeeded', id, { orderId: id, paymentId: paymentIdOf(id), amount: 30_000 }),
  ]);
  await settle();
  assert.equal(await statusOf(id), 'PAYMENT_FAILED');

  assert.deepEqual(await orders.levels(product.productId), {
    available: 5,
    reserved: 0,
    holds: 0,
    buyers: {},
  });
  assert.deepEqual(
    (await orders.history(id)).map((change) => [change.toStatus, change.reason]),
    [
      ['PAYMENT_PENDING', null],
      ['PAYMENT_FAILED', 'card declined'],
    ],
  );
  const failures = await orders.events([id], 'order.payment-failed');
  assert.deepEqual(
    failures.map((event) => event.data.reason),
    ['card declined'],
  );
});

test('money arriving after the reservation expired is sent back and moves no stock', async () => {
  const product = await orders.publishProduct({ available: 5 });
  const { id } = await orders.placeOne(product.productId);
  await orders.forceOrder(id, { status: 'PAYMENT_FAILED' });
  await orders.stock.release(id, [product.productId]);
  await publisher.publish([
    createEvent('payment.succeeded', id, { orderId: id, paymentId: paymentIdOf(id), amount: 10_000 }),
  ]);
  const cancelled = await eventually(
    () => orders.events([id], 'order.cancelled'),
    (events) => events.length > 0,
  );
  assert.deepEqual(
    cancelled.map((event) => event.data.wasPaid),
    [false],
  );
  assert.equal(await statusOf(id), 'PAYMENT_FAILED');
  assert.deepEqual(await orders.events([id], 'order.paid'), []);
  assert.deepEqual(await orders.levels(product.productId), {
    available: 5,
    reserved: 0,
    holds: 0,
    buyers: {},
  });
});
