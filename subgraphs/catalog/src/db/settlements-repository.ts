import type { Executor, OrderLine } from '@fcfs/shared';
import { and, eq, inArray, isNull } from 'drizzle-orm';
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

/** Records settlements of orders not settled yet (a duplicate fails on the primary key). */
export async function insertSettlements(db: Db, rows: Omit<Settlement, 'restoredAt'>[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(settlements).values(rows.map((row) => ({ ...row, lines: JSON.stringify(row.lines) })));
}

/** Which of these orders catalog has settled already. */
export async function findSettledOrderIds(db: Db, orderIds: readonly string[]): Promise<string[]> {
  if (orderIds.length === 0) return [];
  const rows = await db
    .select({ orderId: settlements.orderId })
    .from(settlements)
    .where(inArray(settlements.orderId, [...orderIds]));
  return rows.map((row) => row.orderId);
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
