import { type Executor, MAX_PAGE_SIZE } from '@fcfs/shared';
import { and, asc, eq, inArray, isNull, lte } from 'drizzle-orm';
import type { UsersSchema } from './client.ts';
import { type OrderMailRow, type OrderSummaryRow, orderMails, orderSummaries } from './schema/index.ts';

type Db = Executor<UsersSchema>;

/** A redelivered `order.created` finds its summary there already and changes nothing. */
export async function insertOrderSummaries(db: Db, rows: OrderSummaryRow[]): Promise<void> {
  if (rows.length > 0) await db.insert(orderSummaries).ignore().values(rows);
}

export async function findOrderSummaries(db: Db, orderIds: string[]): Promise<OrderSummaryRow[]> {
  if (orderIds.length === 0) return [];
  return db.select().from(orderSummaries).where(inArray(orderSummaries.orderId, orderIds));
}

export async function insertOrderMails(
  db: Db,
  rows: Pick<OrderMailRow, 'eventId' | 'orderId' | 'userId' | 'kind' | 'createdAt' | 'nextAttemptAt'>[],
): Promise<void> {
  if (rows.length > 0) await db.insert(orderMails).ignore().values(rows);
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

export async function markOrderMailsSent(db: Db, eventIds: string[], at: Date): Promise<void> {
  if (eventIds.length === 0) return;
  await db
    .update(orderMails)
    .set({ sentAt: at, lastError: null })
    .where(inArray(orderMails.eventId, eventIds));
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
