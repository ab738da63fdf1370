import {
  badUserInput,
  commitWithEvents,
  createEvent,
  enqueueEvents,
  notFound,
  parseInput,
  parseNumericId,
  requireAdmin,
  temporarilyUnavailable,
  type Viewer,
} from '@fcfs/shared';
import { adjustUnits, findProductForUpdate, findProductsByIds } from '../db/products-repository.ts';
import type { ProductRow } from '../db/schema/index.ts';
import { insertStockAdjustment } from '../db/stock-adjustments-repository.ts';
import type { CatalogDependencies } from '../dependencies.ts';
import { stockAdjustmentInput } from './product-input.ts';
import { publishSale } from './publish-sale.ts';

export interface StockAdjustmentRequest {
  productId: string;
  delta: number;
  reason: string;
}

/** Seconds a client waits before retrying an adjustment of a product whose counters are being rebuilt. */
const REBUILD_RETRY_SECONDS = 2;

/**
 * Corrects units on hand by a signed delta, recorded with the admin, the reason and the time. Redis and
 * MySQL move in the order that can only leave Redis short, never over (units sold twice): a removal takes
 * the units from the live counter first (atomically refused when open orders hold them), inside the
 * transaction that holds the product's row lock, and gives them back if the transaction then fails; an
 * addition commits first and then grows the counter, as restockProduct does. The row lock serialises
 * adjustments of one product; orders' reservations never wait on it, the counter script decides between them.
 */
export async function adjustStock(
  deps: CatalogDependencies,
  viewer: Viewer | null,
  request: StockAdjustmentRequest,
  now: Date = new Date(),
): Promise<ProductRow> {
  const caller = requireAdmin(viewer);
  const { delta, reason } = parseInput(stockAdjustmentInput, {
    delta: request.delta,
    reason: request.reason,
  });
  const productId = parseNumericId(request.productId);
  if (productId === undefined) throw notFound('Product', request.productId);
  const id = String(productId);

  let takenFromCounter = false;
  let product: ProductRow;
  try {
    product = await commitWithEvents(deps, () =>
      deps.db.transaction(async (tx) => {
        const current = await findProductForUpdate(tx, productId);
        if (!current) throw notFound('Product', request.productId);
        if (delta < 0) {
          const outcome = await deps.adjustments.adjust(id, delta);
          if (!outcome.applied && outcome.reason === 'COUNTERS_MISSING') {
            await publishSale(deps, current);
            throw temporarilyUnavailable('The live stock is being rebuilt', REBUILD_RETRY_SECONDS);
          }
          if (!outcome.applied) {
            throw badUserInput(
              `delta: at most ${outcome.available} units can be removed, the rest is held by open orders`,
              'delta',
            );
          }
          takenFromCounter = true;
        }
        if (!(await adjustUnits(tx, productId, delta, now))) {
          throw badUserInput(`delta: only ${current.stock} units are on hand`, 'delta');
        }
        const [row] = await findProductsByIds(tx, [productId]);
        if (!row) throw notFound('Product', request.productId);
        await insertStockAdjustment(tx, {
          productId,
          delta,
          reason,
          adminId: caller.id,
          stockAfter: row.stock,
          adjustedAt: now,
        });
        await enqueueEvents(tx, [createEvent('product.changed', id, { productId: id, stock: row.stock })]);
        return row;
      }),
    );
  } catch (error) {
    if (takenFromCounter) await deps.adjustments.adjust(id, -delta);
    throw error;
  }
  if (delta > 0) {
    const outcome = await deps.adjustments.adjust(id, delta);
    if (!outcome.applied) await publishSale(deps, product);
  }
  return product;
}
