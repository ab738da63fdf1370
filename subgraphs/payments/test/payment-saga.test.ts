import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { paymentIdFor } from '@fcfs/shared';
import type { PaymentsApp } from '../src/app.ts';
import { CLOSED_BEFORE_PAYMENT_REASON } from '../src/domain/cancel-payment.ts';
import { DECLINED_REASON, DECLINING_METHOD } from '../src/processor/simulated-processor.ts';
import {
  migratePaymentsDatabase,
  orderCancelled,
  orderCreated,
  orderReturned,
  PaymentsProbe,
  reannounced,
  startTestPayments,
  TestKafka,
  testLogger,
  testPaymentIds,
} from './payments-harness.ts';

let kafka: TestKafka;
let probe: PaymentsProbe;
let app: PaymentsApp;

before(async () => {
  await migratePaymentsDatabase();
  kafka = new TestKafka(testLogger('payments-saga-test'));
  probe = new PaymentsProbe();
  app = await startTestPayments(kafka, { PAYMENT_FAILURE_RATE: '0', PAYMENT_LATENCY_MS: '20' });
});

after(async () => {
  await app?.stop();
  await kafka?.close();
  await probe?.close();
});

describe('order.created through Kafka', () => {
  test('a card payment succeeds and announces payment.succeeded once', async () => {
    const created = orderCreated({ totalPrice: 42_000, paymentMethod: 'card' });
    await kafka.produce(created);
    const payment = await probe.waitForStatus(created.data.orderId, 'SUCCEEDED', 'FAILED');
    assert.equal(payment.status, 'SUCCEEDED');
    assert.equal(payment.amount, 42_000);
    assert.equal(payment.method, 'card');
    assert.equal(payment.userId, 'buyer-1');
    assert.equal(payment.failureReason, null);
    assert.ok(payment.completedAt && payment.completedAt >= payment.createdAt);
    // The id orders checks the result against: derived from the order, not drawn at random.
    assert.equal(payment.id, paymentIdFor(testPaymentIds(), created.data.orderId));
    assert.deepEqual(await probe.eventsFor(created.data.orderId), [
      {
        type: 'payment.succeeded',
        data: { orderId: created.data.orderId, paymentId: payment.id, amount: 42_000 },
      },
    ]);
  });

  test('paymentMethod "decline" always fails with a reason', async () => {
    const created = orderCreated({ paymentMethod: DECLINING_METHOD });
    await kafka.produce(created);
    const payment = await probe.waitForStatus(created.data.orderId, 'SUCCEEDED', 'FAILED');
    assert.equal(payment.status, 'FAILED');
    assert.equal(payment.failureReason, DECLINED_REASON);
    assert.deepEqual(await probe.eventsFor(created.data.orderId), [
      {
        type: 'payment.failed',
        data: { orderId: created.data.orderId, paymentId: payment.id, reason: DECLINED_REASON },
      },
    ]);
  });

  test('a duplicated order.created (same event id, and a new one for the same order) makes one payment', async () => {
    const created = orderCreated({ totalPrice: 10_000 });
    const again = reannounced({ ...created, data: { ...created.data, totalPrice: 99_999 } });
    await kafka.produce(created, created, again);
    await probe.waitForStatus(created.data.orderId, 'SUCCEEDED');
    await probe.waitForProcessed(created, again);
    await kafka.produce(created, reannounced(created));
    await probe.waitForProcessed(created);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const rows = await probe.paymentsOf(created.data.orderId);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.amount, 10_000);
    assert.deepEqual(
      (await probe.eventsFor(created.data.orderId)).map((event) => event.type),
      ['payment.succeeded'],
    );
  });
});

describe('refunds through Kafka', () => {
  test('a duplicated order.cancelled refunds a paid order once', async () => {
    const created = orderCreated({ totalPrice: 25_000 });
    await kafka.produce(created);
    const paid = await probe.waitForStatus(created.data.orderId, 'SUCCEEDED');

    const cancelled = orderCancelled(created.data.orderId, true);
    const cancelledAgain = reannounced(cancelled);
    await kafka.produce(cancelled, cancelled, cancelledAgain);
    const refunded = await probe.waitForStatus(created.data.orderId, 'REFUNDED');
    await probe.waitForProcessed(cancelled, cancelledAgain);
    await kafka.produce(cancelled);
    await new Promise((resolve) => setTimeout(resolve, 300));

    assert.ok(refunded.refundedAt && refunded.completedAt && refunded.refundedAt >= refunded.completedAt);
    const refundRows = await probe.refundsOf(paid.id);
    assert.deepEqual(
      refundRows.map(({ orderId, amount, reason }) => ({ orderId, amount, reason })),
      [{ orderId: created.data.orderId, amount: 25_000, reason: 'ORDER_CANCELLED' }],
    );
    assert.deepEqual(await probe.eventsFor(created.data.orderId), [
      {
        type: 'payment.succeeded',
        data: { orderId: created.data.orderId, paymentId: paid.id, amount: 25_000 },
      },
      {
        type: 'payment.refunded',
        data: { orderId: created.data.orderId, paymentId: paid.id, amount: 25_000 },
      },
    ]);
  });

  test('order.returned refunds the payment', async () => {
    const created = orderCreated();
    await kafka.produce(created);
    const paid = await probe.waitForStatus(created.data.orderId, 'SUCCEEDED');
    await kafka.produce(orderReturned(created.data.orderId));
    await probe.waitForStatus(created.data.orderId, 'REFUNDED');
    assert.deepEqual(
      (await probe.refundsOf(paid.id)).map((refund) => refund.reason),
      ['ORDER_RETURNED'],
    );
  });

  test('cancelling an unpaid order refunds nothing', async () => {
    const created = orderCreated({ paymentMethod: DECLINING_METHOD });
    await kafka.produce(created);
    const failed = await probe.waitForStatus(created.data.orderId, 'FAILED');
    const cancelled = orderCancelled(created.data.orderId, false);
    await kafka.produce(cancelled);
    await probe.waitForProcessed(cancelled);

    assert.deepEqual(await probe.payment(created.data.orderId), failed);
    assert.deepEqual(await probe.refundsOf(failed.id), []);
    assert.deepEqual(
      (await probe.eventsFor(created.data.orderId)).map((event) => event.type),
      ['payment.failed'],
    );
  });

  test('order.cancelled that overtakes order.created: nothing is ever charged', async () => {
    const created = orderCreated();
    const cancelled = orderCancelled(created.data.orderId, false);
    await kafka.produce(cancelled);
    await probe.waitForProcessed(cancelled);
    await kafka.produce(created);
    await probe.waitForProcessed(created);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const rows = await probe.paymentsOf(created.data.orderId);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.status, 'FAILED');
    assert.equal(rows[0]?.failureReason, CLOSED_BEFORE_PAYMENT_REASON);
    assert.deepEqual(await probe.eventsFor(created.data.orderId), []);
  });
});
