import type { Executor } from '@fcfs/shared';
import { desc, eq } from 'drizzle-orm';
import type { CatalogSchema } from './client.ts';
import { type NewStockAdjustmentRow, type StockAdjustmentRow, stockAdjustments } from './schema/index.ts';

type Db = Executor<CatalogSchema>;

export async function insertStockAdjustment(db: Db, row: NewStockAdjustmentRow): Promise<void> {
  await db.insert(stockAdjustments).values(row);
}

/** A product's latest adjustments, newest first. */
export async function findStockAdjustments(
  db: Db,
  productId: number,
  limit: number,
): Promise<StockAdjustmentRow[]> {
  return db
    .select()
    .from(stockAdjustments)
    .where(eq(stockAdjustments.productId, productId))
    .orderBy(desc(stockAdjustments.id))
    .limit(limit);
}
