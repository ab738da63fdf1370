import {
  commitWithEvents,
  createEvent,
  type EventEnvelope,
  type Executor,
  enqueueEvents,
  handleOnce,
  handleOnceBatch,
  parseNumericId,
} from '@fcfs/shared';
import type { CatalogSchema } from '../db/client.ts';
import { addStockOnHand, findProductsByIds } from '../db/products-repository.ts';
import { SETTLEMENT_ID_LENGTH } from '../db/schema/index.ts';
import {
  findSettledOrderIds,
  findSettlement,
  insertSettlements,
  markSettlementRestored,
} from '../db/settlements-repository.ts';
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
 * Moves units on hand in MySQL, in the caller's transaction, and announces each product's new level once.
 * The shelf in Redis is not catalog's: orders settles and restores the holds of its own orders.
 */
async function moveStockOnHand(
  deps: CatalogDependencies,
  tx: Executor<CatalogSchema>,
  lines: Line[],
  direction: 1 | -1,
  now: Date,
): Promise<void> {
  const totals = new Map<string, number>();
  for (const { productId, quantity } of lines) totals.set(productId, (totals.get(productId) ?? 0) + quantity);
  for (const [productId, quantity] of totals) {
    const id = parseNumericId(productId);
    if (id === undefined || !(await addStockOnHand(tx, id, direction * quantity, now))) {
      deps.logger.error({ productId, quantity, direction }, 'stock movement could not be applied');
    }
  }
  const ids = [...totals.keys()].map(parseNumericId).filter((id) => id !== undefined);
  const rows = await findProductsByIds(tx, ids);
  await enqueueEvents(
    tx,
    rows.map((row) =>
      createEvent('product.changed', String(row.id), { productId: String(row.id), stock: row.stock }),
    ),
  );
}

/**
 * order.paid, for a fetched batch at once: the held units leave the shelf for good, once per order, and
 * catalog remembers the lines it settled. One transaction and one stock update per product, however many
 * orders the batch holds. Returns, by event id, why events were refused.
 */
export async function settlePaidOrders(
  deps: CatalogDependencies,
  events: readonly EventEnvelope<'order.paid'>[],
  now: Date = new Date(),
): Promise<Map<string, StockEventRejection>> {
  const refused = new Map<string, StockEventRejection>();
  const orders = events.filter(({ eventId, data: { orderId, userId } }) => {
    const fits = orderId.length <= SETTLEMENT_ID_LENGTH && userId.length <= SETTLEMENT_ID_LENGTH;
    if (!fits) refused.set(eventId, STOCK_EVENT_REJECTIONS.notAnOrder);
    return fits;
  });
  const outcome = { duplicates: [] as string[] };
  await commitWithEvents(deps, () =>
    handleOnceBatch(deps.db, 'catalog.order-paid', orders, async (tx, fresh) => {
      const settled = new Set(
        await findSettledOrderIds(
          tx,
          fresh.map(({ data }) => data.orderId),
        ),
      );
      const settling: EventEnvelope<'order.paid'>[] = [];
      outcome.duplicates = [];
      for (const event of fresh) {
        if (settled.has(event.data.orderId)) {
          outcome.duplicates.push(event.eventId);
          continue;
        }
        settled.add(event.data.orderId);
        settling.push(event);
      }
      await insertSettlements(
        tx,
        settling.map(({ data: { orderId, userId, items } }) => ({
          orderId,
          userId,
          lines: items,
          settledAt: now,
        })),
      );
      await moveStockOnHand(
        deps,
        tx,
        settling.flatMap(({ data }) => data.items),
        -1,
        now,
      );
    }),
  );
  for (const eventId of outcome.duplicates) refused.set(eventId, STOCK_EVENT_REJECTIONS.alreadySettled);
  return refused;
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
  const { orderId, lines } = settlement;
  const outcome: { rejection?: StockEventRejection } = {};
  await commitWithEvents(deps, () =>
    handleOnce(deps.db, `catalog.${event.type}`, event, async (tx) => {
      if (!(await markSettlementRestored(tx, orderId, now))) {
        outcome.rejection = STOCK_EVENT_REJECTIONS.alreadyRestored;
        return;
      }
      await moveStockOnHand(deps, tx, lines, 1, now);
    }),
  );
  return outcome.rejection;
}
