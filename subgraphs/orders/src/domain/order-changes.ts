import { type EventEnvelope, enqueueEvents } from '@fcfs/shared';
import type { OrdersExecutor } from '../db/client.ts';
import { applyHoldSteps, type HoldStep, type HoldStepDependencies } from './hold-steps.ts';

/**
 * What one transaction changed that must follow its commit: the hold steps its transitions owe (their pending
 * rows are written in the transaction) and whether it put events in the outbox.
 */
export class OrderChanges {
  readonly holdSteps: HoldStep[] = [];
  eventsEnqueued = false;

  /** Events that are not a lifecycle step (a refund request for money that arrived too late). */
  async enqueue(tx: OrdersExecutor, events: readonly EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    await enqueueEvents(tx, [...events]);
    this.eventsEnqueued = true;
  }
}

/** Hands out the changes of a transaction attempt; each call starts afresh, so a rolled-back attempt's are gone. */
type ChangesOfAttempt = () => OrderChanges;

/**
 * The one way orders commits a change of order state: `run` does the transaction (a plain one, or
 * handleOnce's), calling `attempt()` first thing in it. After the commit the relay is woken for the events and
 * the hold steps run (release, settle, restore), so no caller writes either by hand. A retried transaction
 * (deadlock, duplicate delivery) calls `attempt()` again: only what the committed attempt did follows.
 */
export async function commitOrderChanges<T>(
  deps: HoldStepDependencies & { eventsEnqueued: () => void },
  run: (attempt: ChangesOfAttempt) => Promise<T>,
): Promise<T> {
  let changes = new OrderChanges();
  const result = await run(() => {
    changes = new OrderChanges();
    return changes;
  });
  if (changes.eventsEnqueued) deps.eventsEnqueued();
  await applyHoldSteps(deps, changes.holdSteps);
  return result;
}
