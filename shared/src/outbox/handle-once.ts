import type { Database, Transaction } from '../db/index.ts';
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
