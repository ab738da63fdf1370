import {
  clientError,
  invalidOrderState,
  notFound,
  parseInput,
  requireViewer,
  type Viewer,
} from '@fcfs/shared';
import { findItemsByOrderIds, findOrderForUpdate } from '../db/orders-repository.ts';
import type { OrderRow } from '../db/schema/index.ts';
import { mayAccess } from './order-access.ts';
import { commitOrderChanges } from './order-changes.ts';
import { isOrderId } from './order-id.ts';
import { returnReason } from './order-input.ts';
import { eventLines, transitionOrder } from './order-state-machine.ts';
import type { OrdersDependencies } from './orders-dependencies.ts';

/**
 * DELIVERED → RETURN_REQUESTED, only within RETURN_WINDOW measured from the delivery instant (a duration,
 * not calendar fields: the seed design let a Jan 31 delivery be returned on Feb 28).
 */
export async function requestReturn(
  deps: OrdersDependencies,
  viewer: Viewer | null,
  id: string,
  rawReason: string | null | undefined,
  now: Date = new Date(),
): Promise<OrderRow> {
  const caller = requireViewer(viewer);
  const reason = parseInput(returnReason, rawReason, 'reason');
  if (!isOrderId(id)) throw notFound('Order', id);
  return commitOrderChanges(deps, (attempt) =>
    deps.db.transaction(async (tx) => {
      const changes = attempt();
      const order = await findOrderForUpdate(tx, id);
      if (!order || !mayAccess(caller, order.userId)) throw notFound('Order', id);
      if (order.status !== 'DELIVERED') {
        throw invalidOrderState(`Only a delivered order can be returned; this one is ${order.status}`);
      }
      const deliveredAt = order.deliveredAt ?? order.statusChangedAt;
      if (now.getTime() - deliveredAt.getTime() > deps.settings.returnWindowMs) {
        throw clientError('RETURN_WINDOW_CLOSED', 'The return window of this order has closed');
      }
      const lines = eventLines(await findItemsByOrderIds(tx, [order.id]));
      const moved = await transitionOrder(tx, changes, {
        order,
        lines,
        to: 'RETURN_REQUESTED',
        at: now,
        reason,
      });
      if (!moved) throw new Error(`order ${order.id} moved while locked`);
      return moved;
    }),
  );
}
