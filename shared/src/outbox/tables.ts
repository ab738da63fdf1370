import { bigint, datetime, index, json, mysqlTable, primaryKey, varchar } from 'drizzle-orm/mysql-core';
import type { EventEnvelope } from '../events/index.ts';

/** Events written in the same transaction as the state change they announce; the relay publishes them. */
export const outbox = mysqlTable(
  'outbox',
  {
    id: bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
    eventId: varchar('event_id', { length: 36 }).notNull().unique(),
    type: varchar('type', { length: 64 }).notNull(),
    envelope: json('envelope').$type<EventEnvelope>().notNull(),
    createdAt: datetime('created_at', { mode: 'date', fsp: 3 }).notNull(),
    publishedAt: datetime('published_at', { mode: 'date', fsp: 3 }),
    /** The W3C traceparent of the work that wrote the event; the relay sends it as a Kafka header. */
    traceparent: varchar('traceparent', { length: 55 }),
  },
  (table) => [index('outbox_unpublished_idx').on(table.publishedAt, table.id)],
);

/** Events a consumer has already applied: the key that makes at-least-once delivery exactly-once in effect. */
export const processedEvents = mysqlTable(
  'processed_events',
  {
    consumer: varchar('consumer', { length: 64 }).notNull(),
    eventId: varchar('event_id', { length: 36 }).notNull(),
    processedAt: datetime('processed_at', { mode: 'date', fsp: 3 }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.consumer, table.eventId] })],
);
