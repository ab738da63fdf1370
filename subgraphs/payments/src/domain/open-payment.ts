import { type EventEnvelope, handleOnce, type PaymentIdKey, paymentIdFor } from '@fcfs/shared';
import {
  findPaymentByOrderId,
  findPaymentsByOrderIds,
  findProcessedEventIds,
  insertPayment,
  insertPayments,
  insertProcessedEvents,
} from '../db/payments-repository.ts';
import { METHOD_LENGTH, type PaymentRow } from '../db/schema/index.ts';
import { PAYMENTS_CONSUMER } from './consumer-name.ts';
import type { PaymentWriter } from './payment-writer.ts';
import { valuesOrErrors } from './values-or-errors.ts';

type OrderCreated = EventEnvelope<'order.created'>;

// The id is the order's (one payment per order): orders recognises it without being told, a forger cannot make it.
const pendingPayment = (paymentIds: PaymentIdKey, { data }: OrderCreated, now: Date): PaymentRow => ({
  id: paymentIdFor(paymentIds, data.orderId),
  orderId: data.orderId,
  userId: data.userId,
  amount: data.totalPrice,
  // The method comes from the buyer; an absurdly long one must not make the event unprocessable forever.
  method: data.paymentMethod?.slice(0, METHOD_LENGTH) ?? null,
  status: 'PENDING',
  failureReason: null,
  createdAt: now,
  completedAt: null,
  orderCancelledAt: null,
  refundedAt: null,
});

/**
 * order.created: the order gets its one PENDING payment. A duplicate (same event again, or another event for
 * the same order) inserts nothing and returns the payment that exists, so a redelivery after a failed charge
 * can finish it.
 */
export async function openPayment(
  deps: PaymentWriter,
  event: OrderCreated,
  now: Date = new Date(),
): Promise<PaymentRow | undefined> {
  const pending = pendingPayment(deps.paymentIds, event, now);
  const opened = { inserted: false };
  await handleOnce(deps.db, PAYMENTS_CONSUMER, event, async (tx) => {
    opened.inserted = await insertPayment(tx, pending);
  });
  return opened.inserted ? pending : findPaymentByOrderId(deps.db, event.data.orderId);
}

/**
 * openPayment for many events in one transaction, with the same outcome per event. Anything unexpected
 * (another replica inserting the same event or order meanwhile, a deadlock) sends every event down the
 * one-by-one path instead, where the unique keys settle the race; an event that fails there gets its Error.
 */
export async function openPayments(
  deps: PaymentWriter,
  events: readonly OrderCreated[],
  now: Date = new Date(),
): Promise<(PaymentRow | undefined | Error)[]> {
  try {
    const payments = await deps.db.transaction(async (tx) => {
      const processed = await findProcessedEventIds(
        tx,
        PAYMENTS_CONSUMER,
        events.map((event) => event.eventId),
      );
      const fresh = new Map<string, OrderCreated>();
      for (const event of events) if (!processed.has(event.eventId)) fresh.set(event.eventId, event);
      await insertProcessedEvents(tx, PAYMENTS_CONSUMER, [...fresh.keys()], now);

      const existing = await findPaymentsByOrderIds(tx, [
        ...new Set(events.map((event) => event.data.orderId)),
      ]);
      const byOrderId = new Map(existing.map((payment) => [payment.orderId, payment]));
      const opened: PaymentRow[] = [];
      for (const event of fresh.values()) {
        if (byOrderId.has(event.data.orderId)) continue;
        const payment = pendingPayment(deps.paymentIds, event, now);
        byOrderId.set(payment.orderId, payment);
        opened.push(payment);
      }
      await insertPayments(
        tx,
        opened.sort((a, b) => a.orderId.localeCompare(b.orderId)),
      );
      return byOrderId;
    });
    return events.map((event) => payments.get(event.data.orderId));
  } catch (error) {
    deps.logger.debug({ err: error, events: events.length }, 'batched open failed, opening one by one');
    return valuesOrErrors(events.map((event) => openPayment(deps, event, now)));
  }
}
