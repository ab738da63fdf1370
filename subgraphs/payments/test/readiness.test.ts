import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { PaymentsApp } from '../src/app.ts';
import { migratePaymentsDatabase, startTestPayments, TestKafka, testLogger } from './payments-harness.ts';

// /ready means the replica can do its work: a payments replica whose consumer left its group cannot charge.
let kafka: TestKafka;
let app: PaymentsApp;

before(async () => {
  await migratePaymentsDatabase();
  kafka = new TestKafka(testLogger('payments-readiness-test'));
  app = await startTestPayments(kafka);
});

after(async () => {
  await app?.stop();
  await kafka?.close();
});

async function ready(): Promise<{ status: number; checks: Record<string, string> }> {
  const response = await fetch(`http://127.0.0.1:${app.server.port}/ready`);
  const body = (await response.json()) as { checks: Record<string, string> };
  return { status: response.status, checks: body.checks };
}

test('ready while MySQL answers, the producer publishes and the consumer is in its group', async () => {
  assert.deepEqual(await ready(), {
    status: 200,
    checks: { mysql: 'up', kafkaProducer: 'up', kafkaConsumer: 'up' },
  });
});

test('a consumer that left its group makes the replica unready, naming the consumer', async () => {
  await app.consumer.stop();
  assert.deepEqual(await ready(), {
    status: 503,
    checks: { mysql: 'up', kafkaProducer: 'up', kafkaConsumer: 'down' },
  });
});

test('/metrics still answers while unready, with the service label on every series', async () => {
  const response = await fetch(`http://127.0.0.1:${app.server.port}/metrics`);
  assert.equal(response.status, 200);
  const text = await response.text();
  assert.match(text, /^fcfs_payments_total\{outcome="succeeded",service="payments"\} \d+$/m);
  assert.match(text, /^fcfs_outbox_backlog\{service="payments"\} \d+$/m);
});
