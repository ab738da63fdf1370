import {
  createEvent,
  type EventEnvelope,
  enqueueEvents,
  type OrderLine,
  type OrderStatus,
} from '@fcfs/shared';
import type { OrdersExecutor } from '../db/client.ts';
import {
  insertPendingHoldSteps,
  insertStatusChanges,
  type StatusColumns,
  updateOrdersStatus,
} from '../db/orders-repository.ts';
import type { OrderItemRow, OrderRow } from '../db/schema/index.ts';
import { type HoldStep, holdStepOf } from './hold-steps.ts';
import type { OrderChanges } from './order-changes.ts';

/** The order lifecycle (docs/architecture.md#order-lifecycle): the only moves an order can make. */
export const ORDER_TRANSITIONS = {
  PAYMENT_PENDING: ['PAID', 'PAYMENT_FAILED', 'CANCELLED'],
  PAID: ['SHIPPING', 'CANCELLED'],
  SHIPPING: ['DELIVERED'],
  DELIVERED: ['RETURN_REQUESTED'],
  RETURN_REQUESTED: ['RETURNED'],
  PAYMENT_FAILED: [],
  CANCELLED: [],
  RETURNED: [],
} as const satisfies Record<OrderStatus, readonly OrderStatus[]>;

const canTransition = (from: OrderStatus, to: OrderStatus): boolean =>
  (ORDER_TRANSITIONS[from] as readonly OrderStatus[]).includes(to);

export const statusChanged = (
  order: Pick<OrderRow, 'id' | 'userId'>,
  from: OrderStatus | null,
  to: OrderStatus,
  at: Date,
) =>
  createEvent(
    'order.status-changed',
    order.id,
    { orderId: order.id, userId: order.userId, from, to, changedAt: at.toISOString() },
    at,
  );

/** Order lines as events carry them. */
export const eventLines = (items: readonly Pick<OrderItemRow, 'productId' | 'quantity'>[]) =>
  items.map(({ productId, quantity }) => ({ productId, quantity }));

/** An unpaid order failed (declined, expired, its units lost): payments stops, stock was or is released. */
export const paymentFailed = (
  order: Pick<OrderRow, 'id' | 'userId'>,
  items: readonly { productId: string; quantity: number }[],
  reason: string,
  at: Date,
) =>
  createEvent(
    'order.payment-failed',
    order.id,
    { orderId: order.id, userId: order.userId, items: eventLines(items), reason },
    at,
  );

export interface Transition {
  /** The order as the caller read it; its status is the expected `from`. */
  order: OrderRow;
  /** Its lines: the hold step the move owes (release, settle, restore) runs on them. */
  lines: readonly OrderLine[];
  to: OrderStatus;
  at: Date;
  reason?: string | null;
  /** Columns that change with this step (paidAt, deliveredAt). */
  columns?: StatusColumns;
  /** Events that announce this step besides `order.status-changed`, which every step emits. */
  events?: EventEnvelope[];
}

/**
 * One step of the lifecycle, in the caller's transaction: a conditional UPDATE (… WHERE status = from), a
 * history row, the outbox events and the hold step the move owes, which `changes` carries past the commit
 * (order-changes.ts). Returns the order after the step, or undefined when the order was no longer in `from`
 * (someone else moved it first), in which case nothing was written.
 */
export async function transitionOrder(
  tx: OrdersExecutor,
  changes: OrderChanges,
  step: Transition,
): Promise<OrderRow | undefined> {
  const { order, to, at, columns = {} } = step;
  const from = requireLifecycleStep(step);
  if ((await updateOrdersStatus(tx, [order.id], from, to, at, columns)) !== 1) return undefined;
  await recordSteps(tx, changes, [step]);
  return { ...order, ...columns, status: to, statusChangedAt: at, updatedAt: at };
}

/**
 * The same steps for many orders the caller holds locked (SELECT … FOR UPDATE) in their `from`: one UPDATE per
 * kind of step and one insert each for history and outbox, whatever the number of orders. A locked order
 * cannot have moved, so a count that disagrees throws and rolls the caller's transaction back.
 */
export async function transitionLockedOrders(
  tx: OrdersExecutor,
  changes: OrderChanges,
  steps: readonly Transition[],
): Promise<void> {
  const kinds = new Map<string, Transition[]>();
  for (const step of steps) {
    const kind = JSON.stringify([requireLifecycleStep(step), step.to, step.at, step.columns ?? {}]);
    kinds.set(kind, [...(kinds.get(kind) ?? []), step]);
  }
  for (const [first, ...others] of kinds.values()) {
    if (!first) continue;
    const { order, to, at, columns = {} } = first;
    const ids = [order.id, ...others.map((step) => step.order.id)];
    const moved = await updateOrdersStatus(tx, ids, order.status, to, at, columns);
    if (moved !== ids.length) throw new Error(`${ids.length - moved} locked orders were not ${order.status}`);
  }
  await recordSteps(tx, changes, steps);
}

function requireLifecycleStep({ order, to }: Transition): OrderStatus {
  if (!canTransition(order.status, to))
    throw new Error(`order ${order.id}: ${order.status} → ${to} is not a lifecycle step`);
  return order.status;
}

/** The history rows, outbox events and pending hold steps of steps already written. */
async function recordSteps(
  tx: OrdersExecutor,
  changes: OrderChanges,
  steps: readonly Transition[],
): Promise<void> {
  if (steps.length === 0) return;
  await insertStatusChanges(
    tx,
    steps.map(({ order, to, at, reason = null }) => ({
      orderId: order.id,
      fromStatus: order.status,
      toStatus: to,
      reason,
      changedAt: at,
    })),
  );
  await enqueueEvents(
    tx,
    steps.flatMap(({ order, to, at, events = [] }) => [
      ...events,
      statusChanged(order, order.status, to, at),
    ]),
  );
  changes.eventsEnqueued = true;
  const owed = steps.flatMap((step) => {
    const kind = holdStepOf(step.order.status, step.to);
    return kind ? [{ step, kind }] : [];
  });
  await insertPendingHoldSteps(
    tx,
    owed.map(({ step, kind }) => ({ orderId: step.order.id, step: kind, createdAt: step.at })),
  );
  changes.holdSteps.push(
    ...owed.map(
      ({ step: { order, lines }, kind }): HoldStep => ({
        kind,
        orderId: order.id,
        userId: order.userId,
        lines,
      }),
    ),
  );
}
