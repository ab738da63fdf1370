import type { Executor, OrderLine } from '@fcfs/shared';
import { and, eq, isNull } from 'drizzle-orm';
import type { CatalogSchema } from './client.ts';
import { settlements } from './schema/index.ts';

type Db = Executor<CatalogSchema>;

export interface Settlement {
  orderId: string;
  userId: string;
  lines: OrderLine[];
  settledAt: Date;
  restoredAt: Date | null;
}

/** Records a settlement; false when the order was settled already. */
export async function insertSettlement(db: Db, settlement: Omit<Settlement, 'restoredAt'>): Promise<boolean> {
  const [result] = await db
    .insert(settlements)
    .ignore()
    .values({ ...settlement, lines: JSON.stringify(settlement.lines) });
  return result.affectedRows === 1;
}

export async function findSettlement(db: Db, orderId: string): Promise<Settlement | undefined> {
  const [row] = await db.select().from(settlements).where(eq(settlements.orderId, orderId));
  return row && { ...row, lines: JSON.parse(row.lines) as OrderLine[] };
}

/** Marks the settled units as back on the shelf; false when they were already. */
export async function markSettlementRestored(db: Db, orderId: string, restoredAt: Date): Promise<boolean> {
  const [result] = await db
    .update(settlements)
    .set({ restoredAt })
    .where(and(eq(settlements.orderId, orderId), isNull(settlements.restoredAt)));
  return result.affectedRows === 1;
}
