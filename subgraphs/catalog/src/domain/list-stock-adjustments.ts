import { requireAdmin, type Viewer } from '@fcfs/shared';
import type { ProductRow, StockAdjustmentRow } from '../db/schema/index.ts';
import { findStockAdjustments } from '../db/stock-adjustments-repository.ts';
import type { CatalogDependencies } from '../dependencies.ts';

/** Enough to trace a recent miscount; older corrections stay in the table. */
const SHOWN_ADJUSTMENTS = 100;

export async function listStockAdjustments(
  deps: CatalogDependencies,
  viewer: Viewer | null,
  product: ProductRow,
): Promise<StockAdjustmentRow[]> {
  requireAdmin(viewer);
  return findStockAdjustments(deps.db, product.id, SHOWN_ADJUSTMENTS);
}
