import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import {
  createDatabase,
  createEvent,
  createKafka,
  createLogger,
  createRedis,
  ensureTopics,
  runConsumer,
} from '@fcfs/shared';
import { requireTestEnv } from '@fcfs/shared/testing';
import { eq, sql } from 'drizzle-orm';
import { int, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { createTransport } from 'nodemailer';

// Proves the infrastructure is the real thing, through the same helpers the services use.
const logger = createLogger('smoke', 'warn');
const cleanups: (() => Promise<unknown> | unknown)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('real infrastructure', () => {
  test('MySQL/MariaDB: drizzle writes and reads a table', async () => {
    const { db, close } = createDatabase(requireTestEnv('CATALOG_DATABASE_URL'), {});
    cleanups.push(close);
    const smoke = mysqlTable('smoke_check', {
      id: varchar('id', { length: 36 }).primaryKey(),
      value: int('value'),
    });
    await db.execute(sql`CREATE TABLE IF NOT EXISTS smoke_check (id VARCHAR(36) PRIMARY KEY, value INT)`);
    const id = randomUUID();
    await db.insert(smoke).values({ id, value: 42 });
    assert.deepEqual(await db.select().from(smoke).where(eq(smoke.id, id)), [{ id, value: 42 }]);
    await db.delete(smoke).where(eq(smoke.id, id));
    const [version] = (await db.execute(sql`SELECT VERSION() AS version`))[0] as unknown as {
      version: string;
    }[];
    assert.match(version?.version ?? '', /^\d+\.\d+/);
  });

  test('Redis: a Lua script runs atomically on the server', async () => {
    const redis = createRedis(requireTestEnv('REDIS_URL'));
    cleanups.push(() => redis.disconnect());
    const key = `smoke:${randomUUID()}`;
    const script = "redis.call('SET', KEYS[1], ARGV[1]); return redis.call('INCRBY', KEYS[1], ARGV[2])";
    assert.equal(await redis.eval(script, 1, key, 40, 2), 42);
    assert.equal(await redis.get(key), '42');
    await redis.del(key);
  });

  test('Kafka: an event is produced and consumed through the real broker', async () => {
    const kafka = createKafka(requireTestEnv('KAFKA_BROKERS').split(','), 'smoke', logger);
    await ensureTopics(kafka);
    const event = createEvent('product.changed', `smoke-${randomUUID()}`, { productId: 'smoke', stock: 7 });
    const received = new Promise<string>((resolve) => {
      void runConsumer({
        kafka,
        groupId: `smoke-${randomUUID()}`,
        logger,
        fromBeginning: false,
        handlers: {
          'product.changed': async (incoming) => {
            if (incoming.eventId === event.eventId) resolve(incoming.key);
          },
        },
      }).then(async (consumer) => {
        cleanups.push(() => consumer.disconnect());
        const producer = kafka.producer();
        await producer.connect();
        await producer.send({
          topic: 'product.changed',
          messages: [{ key: event.key, value: JSON.stringify(event) }],
        });
        await producer.disconnect();
      });
    });
    assert.equal(await received, event.key);
  });

  test('SMTP: a mail sent with nodemailer is read back from the catcher', async () => {
    const to = `smoke-${randomUUID()}@fcfs.test`;
    const transport = createTransport(requireTestEnv('SMTP_URL'));
    await transport.sendMail({
      from: 'smoke@fcfs.test',
      to,
      subject: 'smoke',
      text: 'hello from the smoke test',
    });
    transport.close();
    const response = await fetch(`${requireTestEnv('MAILCATCHER_URL')}/email`);
    const mails = (await response.json()) as { to: { address: string }[]; text: string }[];
    const mail = mails.find((candidate) => candidate.to.some((recipient) => recipient.address === to));
    assert.equal(mail?.text.trim(), 'hello from the smoke test');
  });
});
