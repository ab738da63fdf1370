import { createEvent, type EventEnvelope, enqueueEvents, handleOnce, parseNumericId } from '@fcfs/shared';
import { addStockOnHand, findProductsByIds } from '../db/products-repository.ts';
import type { CatalogDependencies } from '../dependencies.ts';

type Line = { productId: string; quantity: number };

/**
 * Moves units on hand in MySQL once per event (processed_events) and announces the new level. The Redis
 * side is applied by the caller with its own idempotent script, before this, so a redelivery after a crash
 * between the two still completes both.
 */
async function moveStockOnHand(
  deps: CatalogDependencies,
  event: EventEnvelope,
  consumer: string,
  lines: Line[],
  direction: 1 | -1,
): Promise<void> {
  const applied = await handleOnce(deps.db, consumer, event, async (tx) => {
    const now = new Date();
    for (const line of lines) {
      const id = parseNumericId(line.productId);
      if (id === undefined || !(await addStockOnHand(tx, id, direction * line.quantity, now))) {
        deps.logger.error({ eventId: event.eventId, line, direction }, 'stock movement could not be applied');
      }
    }
    const ids = lines.map((line) => parseNumericId(line.productId)).filter((id) => id !== undefined);
    const rows = await findProductsByIds(tx, ids);
    await enqueueEvents(
      tx,
      rows.map((row) =>
        createEvent('product.changed', String(row.id), { productId: String(row.id), stock: row.stock }),
      ),
    );
  });
  if (applied) deps.eventsEnqueued();
}

/** order.paid: the held units leave the shelf for good. */
export async function settlePaidOrder(
  deps: CatalogDependencies,
  event: EventEnvelope<'order.paid'>,
): Promise<void> {
  const { orderId, items } = event.data;
  await deps.stock.settle(
    orderId,
    items.map((line) => line.productId),
  );
  await moveStockOnHand(deps, event, 'catalog.order-paid', items, -1);
}

/** order.cancelled after payment, order.returned: the units come back on the shelf. */
export async function restockOrderUnits(
  deps: CatalogDependencies,
  event: EventEnvelope<'order.cancelled'> | EventEnvelope<'order.returned'>,
): Promise<void> {
  const { orderId, userId, items } = event.data;
  await deps.stock.restore(orderId, userId, items);
  await moveStockOnHand(deps, event, `catalog.${event.type}`, items, 1);
}
