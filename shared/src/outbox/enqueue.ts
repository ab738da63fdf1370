import type { Executor } from '../db/index.ts';
import type { EventEnvelope } from '../events/index.ts';
import { currentTraceparent } from '../tracing/index.ts';
import { outbox } from './tables.ts';

/** An event with the trace it continues (null: none). */
export interface TracedEvent {
  event: EventEnvelope;
  traceparent: string | null;
}

/**
 * Adds events to the outbox inside the caller's transaction, so they exist exactly when the change does.
 * Each continues the trace running now.
 */
export async function enqueueEvents(tx: Executor, events: EventEnvelope[]): Promise<void> {
  const traceparent = currentTraceparent();
  await enqueueTracedEvents(
    tx,
    events.map((event) => ({ event, traceparent })),
  );
}

/**
 * enqueueEvents for a write that serves several requests at once (a group commit, a batch of charges): each
 * event continues the trace of the request it belongs to, captured before the requests were pooled.
 */
export async function enqueueTracedEvents(tx: Executor, events: TracedEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.insert(outbox).values(
    events.map(({ event, traceparent }) => ({
      eventId: event.eventId,
      type: event.type,
      envelope: event,
      createdAt: new Date(event.occurredAt),
      traceparent,
    })),
  );
}
