import type { Executor } from '../db/index.ts';
import type { EventEnvelope } from '../events/index.ts';
import { outbox } from './tables.ts';

/** Adds events to the outbox inside the caller's transaction, so they exist exactly when the change does. */
export async function enqueueEvents(tx: Executor, events: EventEnvelope[]): Promise<void> {
  if (events.length === 0) return;
  await tx.insert(outbox).values(
    events.map((event) => ({
      eventId: event.eventId,
      type: event.type,
      envelope: event,
      createdAt: new Date(event.occurredAt),
    })),
  );
}
