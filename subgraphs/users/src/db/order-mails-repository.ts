import { type Executor, MAX_PAGE_SIZE } from '@fcfs/shared';
import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import type { UsersSchema } from './client.ts';
import { type OrderMailRow, type OrderSummaryRow, orderMails, orderSummaries } from './schema/index.ts';

type Db = Executor<UsersSchema>;

/** A redelivered `order.created` finds its summary there already and changes nothing. */
export async function insertOrderSummary(db: Db, row: OrderSummaryRow): Promise<void> {
  await db.insert(orderSummaries).ignore().values(row);
}

export async function findOrderSummary(db: Db, orderId: string): Promise<OrderSummaryRow | undefined> {
  const [row] = await db.select().from(orderSummaries).where(eq(orderSummaries.orderId, orderId));
  return row;
}

export async function insertOrderMail(
  db: Db,
  row: Pick<OrderMailRow, 'eventId' | 'orderId' | 'userId' | 'kind' | 'createdAt'>,
): Promise<void> {
  await db
    .insert(orderMails)
    .ignore()
    .values({ ...row, nextAttemptAt: row.createdAt });
}

/**
 * Unsent mails that are due, oldest first, locked for the caller's transaction; rows another sender holds
 * are skipped, so replicas share the work without mailing twice.
 */
export async function claimDueOrderMails(db: Db, now: Date, limit: number): Promise<OrderMailRow[]> {
  return db
    .select()
    .from(orderMails)
    .where(and(isNull(orderMails.sentAt), lte(orderMails.nextAttemptAt, now)))
    .orderBy(asc(orderMails.nextAttemptAt))
    .limit(Math.min(limit, MAX_PAGE_SIZE))
    .for('update', { skipLocked: true });
}

export async function markOrderMailSent(db: Db, eventId: string, at: Date): Promise<void> {
  await db.update(orderMails).set({ sentAt: at, lastError: null }).where(eq(orderMails.eventId, eventId));
}

export async function postponeOrderMail(
  db: Db,
  eventId: string,
  retry: { attempts: number; nextAttemptAt: Date; lastError: string },
): Promise<void> {
  await db.update(orderMails).set(retry).where(eq(orderMails.eventId, eventId));
}

/** A mail that can no longer reach anyone (the account is gone) is dropped, not retried forever. */
export async function deleteOrderMail(db: Db, eventId: string): Promise<void> {
  await db.delete(orderMails).where(eq(orderMails.eventId, eventId));
}

export async function deleteUnsentOrderMailsOf(db: Db, userId: string): Promise<void> {
  await db.delete(orderMails).where(and(eq(orderMails.userId, userId), isNull(orderMails.sentAt)));
}

export async function findOrderSummariesOf(db: Db, userId: string): Promise<OrderSummaryRow[]> {
  return db
    .select()
    .from(orderSummaries)
    .where(eq(orderSummaries.userId, userId))
    .orderBy(asc(orderSummaries.placedAt));
}

export async function findOrderMailsOf(db: Db, userId: string): Promise<OrderMailRow[]> {
  return db.select().from(orderMails).where(eq(orderMails.userId, userId)).orderBy(asc(orderMails.createdAt));
}
