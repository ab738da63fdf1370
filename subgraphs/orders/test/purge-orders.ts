import { inArray, like, sql } from 'drizzle-orm';
import type { OrdersDatabase } from '../src/db/client.ts';
import { orderItems, orderStatusHistory, orders, outbox, pendingHoldSteps } from '../src/db/schema/index.ts';

const outboxKey = sql<string>`JSON_UNQUOTE(JSON_EXTRACT(${outbox.envelope}, '$.key'))`;

/**
 * Deletes the orders of users whose id starts with `userIdPrefix`, with everything written for them (lines,
 * history, pending releases, outbox events), so tests and benches leave nothing for a
 * running scheduler to expire or a running relay to publish to the real services.
 */
export async function purgeOrders(db: OrdersDatabase, userIdPrefix: string): Promise<number> {
  const escaped = userIdPrefix.replace(/[\\%_]/g, (char) => `\\${char}`);
  const rows = await db
    .select({ id: orders.id })
    .from(orders)
    .where(like(orders.userId, `${escaped}%`));
  const ids = rows.map((row) => row.id);
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = ids.slice(start, start + 500);
    await db.transaction(async (tx) => {
      await tx.delete(outbox).where(inArray(outboxKey, chunk));
      await tx.delete(orderItems).where(inArray(orderItems.orderId, chunk));
      await tx.delete(orderStatusHistory).where(inArray(orderStatusHistory.orderId, chunk));
      await tx.delete(pendingHoldSteps).where(inArray(pendingHoldSteps.orderId, chunk));
      await tx.delete(orders).where(inArray(orders.id, chunk));
    });
  }
  return ids.length;
}
