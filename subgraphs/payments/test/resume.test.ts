import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import { requireTestEnv } from '@fcfs/shared/testing';
import { payments } from '../src/db/schema/index.ts';
import { resumeUnfinishedPayments } from '../src/domain/resume-payments.ts';
import { createLimiter } from '../src/limiter.ts';
import {
  directDependencies,
  instantProcessor,
  migratePaymentsDatabase,
  orderCreated,
  PaymentsProbe,
  startTestPayments,
  TestKafka,
  testLogger,
} from './payments-harness.ts';

/** Resolves when the stream prints `expected` on a line of its own; rejects if it ends first. */
async function untilLine(stream: Readable, expected: string): Promise<void> {
  for await (const line of createInterface({ input: stream })) if (line === expected) return;
  throw new Error(`the process ended without printing "${expected}"`);
}

let kafka: TestKafka;
let probe: PaymentsProbe;

before(async () => {
  await migratePaymentsDatabase();
  kafka = new TestKafka(testLogger('payments-resume-test'));
  probe = new PaymentsProbe();
});

after(async () => {
  await kafka?.close();
  await probe?.close();
});

test('a payment whose process was killed mid-charge is completed once by the next start', async () => {
  const child = spawn(
    process.execPath,
    [new URL('./payments-process.ts', import.meta.url).pathname, kafka.newGroup()],
    {
      env: {
        ...process.env,
        DATABASE_URL: requireTestEnv('PAYMENTS_DATABASE_URL'),
        PAYMENT_FAILURE_RATE: '0',
        PAYMENT_LATENCY_MS: '600000',
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    await untilLine(child.stdout, 'ready');

    const created = orderCreated();
    await kafka.produce(created);
    await probe.waitForStatus(created.data.orderId, 'PENDING');
    child.kill('SIGKILL');
    await once(child, 'exit');
    assert.equal((await probe.payment(created.data.orderId))?.status, 'PENDING');

    const restarted = await startTestPayments(kafka, { PAYMENT_FAILURE_RATE: '0', PAYMENT_LATENCY_MS: '10' });
    try {
      await restarted.resumed;
      const payment = await probe.waitForStatus(created.data.orderId, 'SUCCEEDED');
      assert.ok(payment.completedAt);
      assert.deepEqual(
        (await probe.eventsFor(created.data.orderId)).map((event) => event.type),
        ['payment.succeeded'],
      );
    } finally {
      await restarted.stop();
    }
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test('stopping mid-charge does not wait for the processor; the next start completes the payment', async () => {
  const slow = await startTestPayments(kafka, { PAYMENT_FAILURE_RATE: '0', PAYMENT_LATENCY_MS: '600000' });
  const created = orderCreated({ paymentMethod: 'decline' });
  await kafka.produce(created);
  await probe.waitForStatus(created.data.orderId, 'PENDING');
  const stopping = Date.now();
  await slow.stop();
  assert.ok(Date.now() - stopping < 5_000, `stop took ${Date.now() - stopping} ms`);
  assert.equal((await probe.payment(created.data.orderId))?.status, 'PENDING');
  assert.deepEqual(await probe.eventsFor(created.data.orderId), []);

  const restarted = await startTestPayments(kafka, { PAYMENT_LATENCY_MS: '10' });
  try {
    await restarted.resumed;
    const payment = await probe.waitForStatus(created.data.orderId, 'FAILED');
    assert.equal(payment.failureReason, 'Payment method declined');
    assert.deepEqual(
      (await probe.eventsFor(created.data.orderId)).map((event) => event.type),
      ['payment.failed'],
    );
  } finally {
    await restarted.stop();
  }
});

test('a refund owed for an order cancelled mid-charge is paid out by the resume', async () => {
  const processor = instantProcessor();
  const deps = directDependencies(processor.processor);
  try {
    const created = orderCreated({ totalPrice: 5_000 });
    const now = new Date();
    await deps.db.insert(payments).values({
      id: crypto.randomUUID(),
      orderId: created.data.orderId,
      userId: created.data.userId,
      amount: 5_000,
      method: 'card',
      status: 'SUCCEEDED',
      createdAt: now,
      completedAt: now,
      orderCancelledAt: now,
    });

    await resumeUnfinishedPayments(deps, createLimiter(4));

    const payment = await probe.payment(created.data.orderId);
    assert.equal(payment?.status, 'REFUNDED');
    assert.equal(processor.calls.refunds, 1);
    assert.deepEqual(
      (await probe.refundsOf(payment.id)).map(({ amount, reason }) => ({ amount, reason })),
      [{ amount: 5_000, reason: 'ORDER_CANCELLED' }],
    );
    assert.deepEqual(await probe.eventsFor(created.data.orderId), [
      {
        type: 'payment.refunded',
        data: { orderId: created.data.orderId, paymentId: payment.id, amount: 5_000 },
      },
    ]);
  } finally {
    await deps.close();
  }
});
