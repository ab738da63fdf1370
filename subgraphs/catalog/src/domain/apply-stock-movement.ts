import {
  createEvent,
  type EventEnvelope,
  type Executor,
  enqueueEvents,
  handleOnce,
  parseNumericId,
} from '@fcfs/shared';
import type { CatalogSchema } from '../db/client.ts';
import { addStockOnHand, findProductsByIds } from '../db/products-repository.ts';
import { SETTLEMENT_ID_LENGTH } from '../db/schema/index.ts';
import { findSettlement, insertSettlement, markSettlementRestored } from '../db/settlements-repository.ts';
import type { CatalogDependencies } from '../dependencies.ts';

type Line = { productId: string; quantity: number };

export const STOCK_EVENT_REJECTIONS = {
  notAnOrder: 'not an order id',
  alreadySettled: 'order already settled',
  neverSettled: 'order never settled',
  alreadyRestored: 'order already restocked',
} as const;

export type StockEventRejection = (typeof STOCK_EVENT_REJECTIONS)[keyof typeof STOCK_EVENT_REJECTIONS];

/**
 * Moves units on hand in MySQL, in the caller's transaction, and announces the new levels. The Redis side is
 * applied by the caller with its own idempotent script, before this, so a redelivery after a crash between
 * the two still completes both.
 */
async function moveStockOnHand(
  deps: CatalogDependencies,
  tx: Executor<CatalogSchema>,
  event: EventEnvelope,
  lines: Line[],
  direction: 1 | -1,
  now: Date,
): Promise<void> {
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
}

/**
 * order.paid: the held units leave the shelf for good, once per order, and catalog remembers the lines it
 * settled. Returns why the event was refused, if it was.
 */
export async function settlePaidOrder(
  deps: CatalogDependencies,
  event: EventEnvelope<'order.paid'>,
  now: Date = new Date(),
): Promise<StockEventRejection | undefined> {
  const { orderId, userId, items } = event.data;
  if (orderId.length > SETTLEMENT_ID_LENGTH || userId.length > SETTLEMENT_ID_LENGTH) {
    return STOCK_EVENT_REJECTIONS.notAnOrder;
  }
  await deps.stock.settle(
    orderId,
    items.map((line) => line.productId),
  );
  const outcome: { rejection?: StockEventRejection } = {};
  const applied = await handleOnce(deps.db, 'catalog.order-paid', event, async (tx) => {
    if (!(await insertSettlement(tx, { orderId, userId, lines: items, settledAt: now }))) {
      outcome.rejection = STOCK_EVENT_REJECTIONS.alreadySettled;
      return;
    }
    await moveStockOnHand(deps, tx, event, items, -1, now);
  });
  if (applied && !outcome.rejection) deps.eventsEnqueued();
  return outcome.rejection;
}

/**
 * order.cancelled after payment, order.returned: the units catalog settled for the order come back on the
 * shelf, once. The event's own lines are not trusted: the settlement's are restored. An order catalog never
 * settled restores nothing. Returns why the event was refused, if it was.
 */
export async function restockOrderUnits(
  deps: CatalogDependencies,
  event: EventEnvelope<'order.cancelled'> | EventEnvelope<'order.returned'>,
  now: Date = new Date(),
): Promise<StockEventRejection | undefined> {
  const settlement = await findSettlement(deps.db, event.data.orderId);
  if (!settlement) return STOCK_EVENT_REJECTIONS.neverSettled;
  const { orderId, userId, lines } = settlement;
  if (!settlement.restoredAt) await deps.stock.restore(orderId, userId, lines);
  const outcome: { rejection?: StockEventRejection } = {};
  const applied = await handleOnce(deps.db, `catalog.${event.type}`, event, async (tx) => {
    if (!(await markSettlementRestored(tx, orderId, now))) {
      outcome.rejection = STOCK_EVENT_REJECTIONS.alreadyRestored;
      return;
    }
    await moveStockOnHand(deps, tx, event, lines, 1, now);
  });
  if (applied && !outcome.rejection) deps.eventsEnqueued();
  return outcome.rejection;
}
