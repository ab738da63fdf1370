import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { eq, inArray, sql } from 'drizzle-orm';
import { int, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import {
  createDatabase,
  createEvent,
  createKafka,
  createKafkaPublisher,
  createLogger,
  type DatabaseHandle,
  type EventEnvelope,
  type EventPublisher,
  enqueueEvents,
  ensureTopics,
  handleOnce,
  type Kafka,
  OutboxRelay,
  outbox,
  runConsumer,
} from '../src/index.ts';
import { requireTestEnv } from '../src/testing.ts';

// Outbox and idempotent consumer against real MySQL/MariaDB and Kafka, in the catalog database.
const counters = mysqlTable('outbox_test_counters', {
  id: varchar('id', { length: 36 }).primaryKey(),
  value: int('value').notNull(),
});
const logger = createLogger('outbox-test', 'warn');
let database: DatabaseHandle<Record<string, unknown>>;
let kafka: Kafka;
let publisher: EventPublisher;

before(async () => {
  database = createDatabase(requireTestEnv('CATALOG_DATABASE_URL'), {});
  await database.db.execute(
    sql`CREATE TABLE IF NOT EXISTS outbox_test_counters (id VARCHAR(36) PRIMARY KEY, value INT NOT NULL)`,
  );
  kafka = createKafka(requireTestEnv('KAFKA_BROKERS').split(','), 'outbox-test', logger);
  await ensureTopics(kafka);
  publisher = await createKafkaPublisher(kafka);
});
after(async () => {
  await publisher.close();
  await database.close();
});

describe('outbox relay', () => {
  test('events committed with a change reach Kafka; rolled-back ones never exist', async () => {
    const productId = randomUUID();
    const committed = createEvent('product.changed', productId, { productId, stock: 1 });
    const rolledBack = createEvent('product.changed', productId, { productId, stock: 2 });
    await database.db.transaction(async (tx) => enqueueEvents(tx, [committed]));
    await assert.rejects(
      database.db.transaction(async (tx) => {
        await enqueueEvents(tx, [rolledBack]);
        throw new Error('the state change failed');
      }),
      /the state change failed/,
    );

    const received: EventEnvelope[] = [];
    const consumer = await runConsumer({
      kafka,
      groupId: `outbox-test-${randomUUID()}`,
      logger,
      fromBeginning: false,
      handlers: {
        'product.changed': async (event) => {
          if (event.key === productId) received.push(event);
        },
      },
    });
    const relays = [1, 2].map(() => new OutboxRelay({ db: database.db, publisher, logger, idleDelayMs: 20 }));
    for (const relay of relays) relay.start();
    try {
      const deadline = Date.now() + 15_000;
      while (received.length === 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.deepEqual(received, [committed]);
      const rows = await database.db
        .select({ eventId: outbox.eventId, publishedAt: outbox.publishedAt })
        .from(outbox)
        .where(inArray(outbox.eventId, [committed.eventId, rolledBack.eventId]));
      assert.equal(rows.length, 1);
      assert.ok(rows[0]?.publishedAt instanceof Date);
    } finally {
      await Promise.all(relays.map((relay) => relay.stop()));
      await consumer.disconnect();
    }
  });
});

describe('handleOnce', () => {
  test('ten concurrent deliveries of one event apply its effect once', async () => {
    const id = randomUUID();
    await database.db.insert(counters).values({ id, value: 0 });
    const event = createEvent('product.changed', id, { productId: id, stock: 0 });
    const applied = await Promise.all(
      Array.from({ length: 10 }, () =>
        handleOnce(database.db, 'outbox-test', event, async (tx) => {
          await tx
            .update(counters)
            .set({ value: sql`${counters.value} + 1` })
            .where(eq(counters.id, id));
        }),
      ),
    );
    assert.equal(applied.filter(Boolean).length, 1);
    const [row] = await database.db.select().from(counters).where(eq(counters.id, id));
    assert.equal(row?.value, 1);
  });

  test('a failed effect leaves no processed mark, so the redelivery applies it', async () => {
    const id = randomUUID();
    await database.db.insert(counters).values({ id, value: 0 });
    const event = createEvent('product.changed', id, { productId: id, stock: 0 });
    const bump = async (tx: Parameters<Parameters<typeof handleOnce>[3]>[0]) => {
      await tx
        .update(counters)
        .set({ value: sql`${counters.value} + 1` })
        .where(eq(counters.id, id));
    };
    await assert.rejects(
      handleOnce(database.db, 'outbox-test', event, async (tx) => {
        await bump(tx);
        throw new Error('crash mid-effect');
      }),
    );
    assert.equal(await handleOnce(database.db, 'outbox-test', event, bump), true);
    assert.equal(await handleOnce(database.db, 'outbox-test', event, bump), false);
    const [row] = await database.db.select().from(counters).where(eq(counters.id, id));
    assert.equal(row?.value, 1);
  });
});
