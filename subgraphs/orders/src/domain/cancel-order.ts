import { createEvent, invalidOrderState, notFound, requireViewer, type Viewer } from '@fcfs/shared';
import { findItemsByOrderIds, findOrderForUpdate } from '../db/orders-repository.ts';
import type { OrderRow } from '../db/schema/index.ts';
import { mayAccess } from './order-access.ts';
import { commitOrderChanges } from './order-changes.ts';
import { isOrderId } from './order-id.ts';
import { eventLines, transitionOrder } from './order-state-machine.ts';
import type { OrdersDependencies } from './orders-dependencies.ts';

/**
 * PAYMENT_PENDING → CANCELLED gives the held units back; PAID → CANCELLED announces `order.cancelled{wasPaid:
 * true}`, on which payments refunds and catalog puts the units back on hand, and puts them back on the shelf
 * (the hold steps, domain/hold-steps.ts). The order row is locked, so a payment result arriving at the same
 * moment is applied before or after, never half: a cancel that loses the race cancels the PAID order instead.
 */
export async function cancelOrder(
  deps: OrdersDependencies,
  viewer: Viewer | null,
  id: string,
  now: Date = new Date(),
): Promise<OrderRow> {
  const caller = requireViewer(viewer);
  if (!isOrderId(id)) throw notFound('Order', id);
  return commitOrderChanges(deps, (attempt) =>
    deps.db.transaction(async (tx) => {
      const changes = attempt();
      const order = await findOrderForUpdate(tx, id);
      if (!order || !mayAccess(caller, order.userId)) throw notFound('Order', id);
      if (order.status !== 'PAYMENT_PENDING' && order.status !== 'PAID') {
        throw invalidOrderState(`An order in ${order.status} cannot be cancelled`);
      }
      const lines = eventLines(await findItemsByOrderIds(tx, [order.id]));
      const wasPaid = order.status === 'PAID';
      const moved = await transitionOrder(tx, changes, {
        order,
        lines,
        to: 'CANCELLED',
        at: now,
        reason: caller.id === order.userId ? 'cancelled by the buyer' : 'cancelled by an admin',
        events: [
          createEvent(
            'order.cancelled',
            order.id,
            { orderId: order.id, userId: order.userId, items: lines, wasPaid },
            now,
          ),
        ],
      });
      if (!moved) throw new Error(`order ${order.id} moved while locked`);
      return moved;
    }),
  );
}
