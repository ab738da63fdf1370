import { and, eq, inArray } from 'drizzle-orm';
import { type Database, isDuplicateKeyError, type Transaction } from '../db/index.ts';
import type { EventEnvelope } from '../events/index.ts';
import { processedEvents } from './tables.ts';

/**
 * Applies `effect` at most once per (consumer, eventId). The processed_events row is inserted first in the
 * same transaction: a concurrent duplicate waits on the primary key, then sees it and does nothing.
 * Returns false for a duplicate.
 */
export async function handleOnce<Schema extends Record<string, unknown>>(
  db: Database<Schema>,
  consumer: string,
  event: EventEnvelope,
  effect: (tx: Transaction<Schema>) => Promise<void>,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [result] = await tx
      .insert(processedEvents)
      .ignore()
      .values({ consumer, eventId: event.eventId, processedAt: new Date() });
    if (result.affectedRows === 0) return false;
    await effect(tx);
    return true;
  });
}

/**
 * `handleOnce` for many events in one transaction: `effect` is given only the events this consumer has not
 * applied yet (each once). Their processed_events rows are inserted with it; a duplicate committed meanwhile
 * (the same event delivered twice at once) fails that insert on the primary key, so the transaction rolls
 * back and runs again, now skipping it. Returns the events applied.
 */
export async function handleOnceBatch<Schema extends Record<string, unknown>, Event extends EventEnvelope>(
  db: Database<Schema>,
  consumer: string,
  events: readonly Event[],
  effect: (tx: Transaction<Schema>, fresh: Event[]) => Promise<void>,
): Promise<Event[]> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await applyFresh(db, consumer, events, effect);
    } catch (error) {
      if (attempt >= 3 || !isDuplicateKeyError(error)) throw error;
    }
  }
}

function applyFresh<Schema extends Record<string, unknown>, Event extends EventEnvelope>(
  db: Database<Schema>,
  consumer: string,
  events: readonly Event[],
  effect: (tx: Transaction<Schema>, fresh: Event[]) => Promise<void>,
): Promise<Event[]> {
  return db.transaction(async (tx) => {
    const ids = [...new Set(events.map((event) => event.eventId))];
    const applied = await tx
      .select({ eventId: processedEvents.eventId })
      .from(processedEvents)
      .where(and(eq(processedEvents.consumer, consumer), inArray(processedEvents.eventId, ids)));
    const seen = new Set(applied.map((row) => row.eventId));
    const fresh: Event[] = [];
    for (const event of events) {
      if (seen.has(event.eventId)) continue;
      seen.add(event.eventId);
      fresh.push(event);
    }
    if (fresh.length === 0) return [];
    const processedAt = new Date();
    await tx
      .insert(processedEvents)
      .values(fresh.map((event) => ({ consumer, eventId: event.eventId, processedAt })));
    await effect(tx, fresh);
    return fresh;
  });
}
