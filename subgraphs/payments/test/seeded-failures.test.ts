import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { PaymentsApp } from '../src/app.ts';
import { keyedUniform, SIMULATED_FAILURE_REASON } from '../src/processor/simulated-processor.ts';
import {
  migratePaymentsDatabase,
  orderCreated,
  PaymentsProbe,
  startTestPayments,
  TestKafka,
  testLogger,
} from './payments-harness.ts';

const SEED = 'fcfs-payments-test-seed';
const RATE = 0.5;

let kafka: TestKafka;
let probe: PaymentsProbe;
let app: PaymentsApp;

before(async () => {
  await migratePaymentsDatabase();
  kafka = new TestKafka(testLogger('payments-seeded-test'));
  probe = new PaymentsProbe();
  app = await startTestPayments(kafka, {
    PAYMENT_FAILURE_RATE: String(RATE),
    PAYMENT_RANDOM_SEED: SEED,
    PAYMENT_LATENCY_MS: '5',
  });
});

after(async () => {
  await app?.stop();
  await kafka?.close();
  await probe?.close();
});

/** Order ids the seed is known to fail (and to pass), from the documented rule: seeded draw < rate fails. */
function ordersThat(fail: boolean, count: number): string[] {
  const ids: string[] = [];
  while (ids.length < count) {
    const id = `order-${randomUUID()}`;
    if (keyedUniform(SEED, id) < RATE === fail) ids.push(id);
  }
  return ids;
}

test('with a fixed seed, random failures through Kafka are exactly the predicted ones', async () => {
  const failing = ordersThat(true, 6);
  const passing = ordersThat(false, 6);
  const events = [...failing, ...passing].map((orderId) => orderCreated({ orderId }));
  await kafka.produce(...events.reverse());

  for (const orderId of failing) {
    const payment = await probe.waitForStatus(orderId, 'SUCCEEDED', 'FAILED');
    assert.equal(payment.status, 'FAILED', orderId);
    assert.equal(payment.failureReason, SIMULATED_FAILURE_REASON);
  }
  for (const orderId of passing) {
    assert.equal((await probe.waitForStatus(orderId, 'SUCCEEDED', 'FAILED')).status, 'SUCCEEDED', orderId);
  }
});
