import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { inArray } from 'drizzle-orm';
import type { KafkaMessage } from 'kafkajs';
import {
  createDatabase,
  createEvent,
  createKafka,
  createKafkaPublisher,
  createLogger,
  type DatabaseHandle,
  type EventPublisher,
  enqueueEvents,
  enqueueTracedEvents,
  ensureTopics,
  type Kafka,
  OutboxRelay,
  outbox,
  topicOf,
} from '../src/index.ts';
import { requireTestEnv } from '../src/testing.ts';

// The outbox's half of a trace crossing Kafka, against real MySQL/MariaDB and Kafka (the catalog database).
const logger = createLogger('outbox-traceparent-test', 'warn');
let database: DatabaseHandle<Record<string, unknown>>;
let kafka: Kafka;
let publisher: EventPublisher;

before(async () => {
  database = createDatabase(requireTestEnv('CATALOG_DATABASE_URL'), {});
  kafka = createKafka(requireTestEnv('KAFKA_BROKERS').split(','), 'outbox-traceparent-test', logger);
  await ensureTopics(kafka);
  publisher = await createKafkaPublisher(kafka);
});
after(async () => {
  await publisher.close();
  await database.close();
});

test("each outbox row's traceparent reaches Kafka as its message's header; a row without one sends none", async () => {
  const productId = randomUUID();
  const traced = createEvent('product.changed', productId, { productId, stock: 1 });
  const alsoTraced = createEvent('product.changed', productId, { productId, stock: 2 });
  const untraced = createEvent('product.changed', productId, { productId, stock: 3 });
  const traceparents = [0, 1].map(
    () => `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`,
  );
  await database.db.transaction(async (tx) => {
    await enqueueTracedEvents(tx, [
      { event: traced, traceparent: traceparents[0] ?? null },
      { event: alsoTraced, traceparent: traceparents[1] ?? null },
    ]);
    // This process runs no SDK: enqueueEvents stores no trace.
    await enqueueEvents(tx, [untraced]);
  });
  const stored = await database.db
    .select({ eventId: outbox.eventId, traceparent: outbox.traceparent })
    .from(outbox)
    .where(inArray(outbox.eventId, [traced.eventId, alsoTraced.eventId, untraced.eventId]));
  assert.deepEqual(
    new Map(stored.map((row) => [row.eventId, row.traceparent])),
    new Map([
      [traced.eventId, traceparents[0]],
      [alsoTraced.eventId, traceparents[1]],
      [untraced.eventId, null],
    ]),
  );

  const received = new Map<string, KafkaMessage>();
  const consumer = kafka.consumer({ groupId: `outbox-traceparent-test-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topicOf('product.changed')], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      if (message.key?.toString() === productId)
        received.set(JSON.parse(String(message.value)).eventId, message);
    },
  });
  const relay = new OutboxRelay({ db: database.db, publisher, logger, idleDelayMs: 20 });
  relay.start();
  try {
    const deadline = Date.now() + 15_000;
    while (received.size < 3 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    await relay.stop();
    await consumer.disconnect();
  }
  assert.equal(received.get(traced.eventId)?.headers?.traceparent?.toString(), traceparents[0]);
  assert.equal(received.get(alsoTraced.eventId)?.headers?.traceparent?.toString(), traceparents[1]);
  assert.ok(received.has(untraced.eventId), 'the untraced event was not published');
  assert.equal(received.get(untraced.eventId)?.headers?.traceparent, undefined);
});
