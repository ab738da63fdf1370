import { isDuplicateKeyError } from '@fcfs/shared';
import { and, asc, eq, inArray, isNotNull, isNull, or } from 'drizzle-orm';
import type { PaymentsExecutor } from './client.ts';
import {
  type NewPaymentRow,
  type PaymentRow,
  payments,
  processedEvents,
  type RefundReason,
  refunds,
} from './schema/index.ts';

/** False when the order already has its payment (the unique order id), which is how duplicates end. */
export async function insertPayment(db: PaymentsExecutor, values: NewPaymentRow): Promise<boolean> {
  try {
    await db.insert(payments).values(values);
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

/** Many payments in one statement; a duplicate order fails the whole statement (the caller falls back). */
export async function insertPayments(db: PaymentsExecutor, rows: NewPaymentRow[]): Promise<void> {
  if (rows.length > 0) await db.insert(payments).values(rows);
}

export async function findProcessedEventIds(
  db: PaymentsExecutor,
  consumer: string,
  eventIds: readonly string[],
): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const rows = await db
    .select({ eventId: processedEvents.eventId })
    .from(processedEvents)
    .where(and(eq(processedEvents.consumer, consumer), inArray(processedEvents.eventId, [...eventIds])));
  return new Set(rows.map((row) => row.eventId));
}

/** Marks events applied; an id already there fails the whole statement, as handleOnce's insert would. */
export async function insertProcessedEvents(
  db: PaymentsExecutor,
  consumer: string,
  eventIds: readonly string[],
  now: Date,
): Promise<void> {
  if (eventIds.length === 0) return;
  await db
    .insert(processedEvents)
    .values(eventIds.map((eventId) => ({ consumer, eventId, processedAt: now })));
}

export async function findPaymentByOrderId(
  db: PaymentsExecutor,
  orderId: string,
): Promise<PaymentRow | undefined> {
  const [row] = await db.select().from(payments).where(eq(payments.orderId, orderId));
  return row;
}

export async function findPaymentByOrderIdForUpdate(
  db: PaymentsExecutor,
  orderId: string,
): Promise<PaymentRow | undefined> {
  const [row] = await db.select().from(payments).where(eq(payments.orderId, orderId)).for('update');
  return row;
}

export async function findPaymentsByOrderIds(
  db: PaymentsExecutor,
  orderIds: readonly string[],
): Promise<PaymentRow[]> {
  if (orderIds.length === 0) return [];
  return db
    .select()
    .from(payments)
    .where(inArray(payments.orderId, [...orderIds]));
}

export type ChargeResult =
  | { status: 'SUCCEEDED'; failureReason: null }
  | { status: 'FAILED'; failureReason: string };

/** Locks the payments (primary-key order, so concurrent batches never deadlock on each other). */
export async function lockPayments(
  db: PaymentsExecutor,
  paymentIds: readonly string[],
): Promise<PaymentRow[]> {
  if (paymentIds.length === 0) return [];
  return db
    .select()
    .from(payments)
    .where(inArray(payments.id, [...paymentIds]))
    .orderBy(asc(payments.id))
    .for('update');
}

/**
 * PENDING → the processor's answer, as a conditional write: only the first answer counts. With
 * `whileOrderOpen` the write also requires that no cancellation arrived during the charge. Returns how many
 * payments it changed.
 */
export async function recordChargeResult(
  db: PaymentsExecutor,
  paymentIds: readonly string[],
  result: ChargeResult,
  now: Date,
  { whileOrderOpen }: { whileOrderOpen: boolean },
): Promise<number> {
  if (paymentIds.length === 0) return 0;
  const [header] = await db
    .update(payments)
    .set({ ...result, completedAt: now })
    .where(
      and(
        inArray(payments.id, [...paymentIds]),
        eq(payments.status, 'PENDING'),
        whileOrderOpen ? isNull(payments.orderCancelledAt) : undefined,
      ),
    );
  return header.affectedRows;
}

export async function markOrderCancelled(db: PaymentsExecutor, paymentId: string, now: Date): Promise<void> {
  await db
    .update(payments)
    .set({ orderCancelledAt: now })
    .where(and(eq(payments.id, paymentId), isNull(payments.orderCancelledAt)));
}

/** SUCCEEDED → REFUNDED plus its refund row; false when the payment was not (or no longer) SUCCEEDED. */
export async function recordRefundRow(
  db: PaymentsExecutor,
  payment: Pick<PaymentRow, 'id' | 'orderId' | 'amount'>,
  reason: RefundReason,
  refundId: string,
  now: Date,
): Promise<boolean> {
  const [header] = await db
    .update(payments)
    .set({ status: 'REFUNDED', refundedAt: now })
    .where(and(eq(payments.id, payment.id), eq(payments.status, 'SUCCEEDED')));
  if (header.affectedRows === 0) return false;
  await db.insert(refunds).values({
    id: refundId,
    paymentId: payment.id,
    orderId: payment.orderId,
    amount: payment.amount,
    reason,
    createdAt: now,
  });
  return true;
}

/** Payments a crash may have left half-way: still PENDING, or charged for an order that was cancelled meanwhile. */
export async function listUnfinishedPayments(db: PaymentsExecutor): Promise<PaymentRow[]> {
  return db
    .select()
    .from(payments)
    .where(
      or(
        eq(payments.status, 'PENDING'),
        and(eq(payments.status, 'SUCCEEDED'), isNotNull(payments.orderCancelledAt)),
      ),
    )
    .orderBy(asc(payments.createdAt));
}
