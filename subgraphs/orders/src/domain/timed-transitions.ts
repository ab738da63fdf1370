import { createEvent, type EventEnvelope, type OrderStatus } from '@fcfs/shared';
import { findDueOrders, findItemsByOrderIds } from '../db/orders-repository.ts';
import type { OrderItemRow, OrderRow } from '../db/schema/index.ts';
import { finishPendingHoldSteps } from './hold-steps.ts';
import { commitOrderChanges } from './order-changes.ts';
import { eventLines, paymentFailed, type Transition, transitionOrder } from './order-state-machine.ts';
import type { OrdersDependencies } from './orders-dependencies.ts';

export interface TimedDurations {
  shipAfterMs: number;
  deliverAfterMs: number;
  returnAfterMs: number;
}

interface TimedStep {
  name: string;
  from: OrderStatus;
  to: OrderStatus;
  /** Which column decides that an order is due, and the cutoff it must be at or before. */
  due: (now: Date) => { column: 'statusChangedAt' | 'reservedUntil'; cutoff: Date };
  reason: string;
  /** What the step writes besides status, history and the hold step the move owes. */
  effects?: (order: OrderRow, items: OrderItemRow[], now: Date) => Pick<Transition, 'columns' | 'events'>;
}

const ago = (now: Date, ms: number) => new Date(now.getTime() - ms);

/**
 * The timed half of the lifecycle (docs/architecture.md#order-lifecycle). Each step is a conditional write,
 * so re-running is safe.
 */
export function timedSteps(durations: TimedDurations): TimedStep[] {
  const lines = (order: OrderRow, items: OrderItemRow[]) => ({
    orderId: order.id,
    userId: order.userId,
    items: eventLines(items),
  });
  return [
    {
      name: 'expire-reservations',
      from: 'PAYMENT_PENDING',
      to: 'PAYMENT_FAILED',
      due: (now) => ({ column: 'reservedUntil', cutoff: now }),
      reason: 'RESERVATION_EXPIRED',
      effects: (order, items, now): Pick<Transition, 'events'> => ({
        events: [paymentFailed(order, items, 'RESERVATION_EXPIRED', now)],
      }),
    },
    {
      name: 'ship',
      from: 'PAID',
      to: 'SHIPPING',
      due: (now) => ({ column: 'statusChangedAt', cutoff: ago(now, durations.shipAfterMs) }),
      reason: 'shipped',
    },
    {
      name: 'deliver',
      from: 'SHIPPING',
      to: 'DELIVERED',
      due: (now) => ({ column: 'statusChangedAt', cutoff: ago(now, durations.deliverAfterMs) }),
      reason: 'delivered',
      effects: (_order, _items, now) => ({ columns: { deliveredAt: now } }),
    },
    {
      name: 'complete-return',
      from: 'RETURN_REQUESTED',
      to: 'RETURNED',
      due: (now) => ({ column: 'statusChangedAt', cutoff: ago(now, durations.returnAfterMs) }),
      reason: 'return received',
      effects: (order, items, now) => ({
        events: [createEvent('order.returned', order.id, lines(order, items), now) as EventEnvelope],
      }),
    },
  ];
}

/** Moves up to `batchSize` due orders of one step; returns how many moved. */
async function runStep(
  deps: OrdersDependencies,
  step: TimedStep,
  now: Date,
  batchSize: number,
): Promise<number> {
  const { column, cutoff } = step.due(now);
  const due = await findDueOrders(deps.db, step.from, column, cutoff, batchSize);
  let moved = 0;
  for (const order of due) {
    const done = await commitOrderChanges(deps, (attempt) =>
      deps.db.transaction(async (tx) => {
        const changes = attempt();
        const items = await findItemsByOrderIds(tx, [order.id]);
        return transitionOrder(tx, changes, {
          order,
          lines: eventLines(items),
          to: step.to,
          at: now,
          reason: step.reason,
          ...step.effects?.(order, items, now),
        });
      }),
    );
    if (done) moved += 1;
  }
  return moved;
}

/** Hold steps that were left unfinished for longer than this are retried by the scheduler. */
const STALE_HOLD_STEP_MS = 5_000;

/** One pass over every timed step, each in batches; returns the number of orders moved per step. */
export async function runTimedTransitions(
  deps: OrdersDependencies,
  durations: TimedDurations,
  batchSize: number,
  now: Date = new Date(),
): Promise<Record<string, number>> {
  const moved: Record<string, number> = {};
  for (const step of timedSteps(durations)) moved[step.name] = await runStep(deps, step, now, batchSize);
  moved['finish-hold-steps'] = await finishPendingHoldSteps(deps, ago(now, STALE_HOLD_STEP_MS), batchSize);
  return moved;
}
