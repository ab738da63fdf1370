import type { OrderLine } from '@fcfs/shared';
import { findOrderById, findOrderForUpdate } from '../db/orders-repository.ts';
import type { OrderRow } from '../db/schema/index.ts';
import { commitOrderChanges } from './order-changes.ts';
import { paymentFailed, transitionOrder } from './order-state-machine.ts';
import type { OrdersDependencies } from './orders-dependencies.ts';
import { holdExists } from './sale-catalog.ts';

const STOCK_LOST_REASON = 'STOCK_LOST';

/**
 * Runs after an order's transaction committed. If Redis lost its data between the reservation and the
 * commit, a rebuild may have read MySQL before this order existed and left its units on the shelf. Then
 * the units are taken again now; if none are left, the order fails (its payment, if any, is refunded) rather
 * than selling a unit twice. Counters still missing need nothing: their rebuild will read this order.
 */
export async function confirmHold(
  deps: OrdersDependencies,
  order: OrderRow,
  lines: OrderLine[],
): Promise<void> {
  const [first] = lines;
  if (!first || (await holdExists(deps.redis, order.id, first.productId))) return;
  // A hold also ends legitimately (paid and settled, failed, cancelled): only an unpaid order lost one.
  if ((await findOrderById(deps.db, order.id))?.status !== 'PAYMENT_PENDING') return;
  // The marker may have outlived the hold (only the counters were lost); it must not pass for a hold here.
  await deps.stock.forgetPlaced(
    order.id,
    lines.map((line) => line.productId),
  );
  const retaken = await deps.reservations.reserve(order.id, order.userId, lines);
  if (retaken.ok || retaken.reason === 'COUNTERS_MISSING') return;
  deps.logger.error({ orderId: order.id, reason: retaken.reason }, 'units of a written order were lost');
  const now = new Date();
  // Its release finds no hold to give back, which changes nothing.
  await commitOrderChanges(deps, (attempt) =>
    deps.db.transaction(async (tx) => {
      const changes = attempt();
      const current = await findOrderForUpdate(tx, order.id);
      if (current?.status !== 'PAYMENT_PENDING') return;
      await transitionOrder(tx, changes, {
        order: current,
        lines,
        to: 'PAYMENT_FAILED',
        at: now,
        reason: STOCK_LOST_REASON,
        events: [paymentFailed(order, lines, STOCK_LOST_REASON, now)],
      });
    }),
  );
}
