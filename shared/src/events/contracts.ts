import { z } from 'zod';
import { ORDER_STATUSES } from './order-status.ts';

/**
 * Event contracts (docs/architecture.md#events): one topic per event type, keyed by the aggregate id (the
 * order id, or the product id for product.changed), so one order's events stay in order on one partition.
 */
const orderLine = z.object({ productId: z.string(), quantity: z.number().int().positive() });
const pricedOrderLine = orderLine.extend({ unitPrice: z.number().int().nonnegative() });
const orderStatus = z.enum(ORDER_STATUSES);

export const EVENT_PAYLOADS = {
  'order.created': z.object({
    orderId: z.string(),
    userId: z.string(),
    items: z.array(pricedOrderLine),
    totalPrice: z.number().int().nonnegative(),
    paymentMethod: z.string().nullable(),
  }),
  'order.paid': z.object({ orderId: z.string(), userId: z.string(), items: z.array(orderLine) }),
  'order.payment-failed': z.object({
    orderId: z.string(),
    userId: z.string(),
    items: z.array(orderLine),
    reason: z.string(),
  }),
  'order.cancelled': z.object({
    orderId: z.string(),
    userId: z.string(),
    items: z.array(orderLine),
    /** True when the order had been paid: stock on hand comes back and the payment is refunded. */
    wasPaid: z.boolean(),
  }),
  'order.returned': z.object({ orderId: z.string(), userId: z.string(), items: z.array(orderLine) }),
  'order.status-changed': z.object({
    orderId: z.string(),
    userId: z.string(),
    from: orderStatus.nullable(),
    to: orderStatus,
    changedAt: z.iso.datetime(),
  }),
  'payment.succeeded': z.object({ orderId: z.string(), paymentId: z.string(), amount: z.number().int() }),
  'payment.failed': z.object({ orderId: z.string(), paymentId: z.string(), reason: z.string() }),
  'payment.refunded': z.object({ orderId: z.string(), paymentId: z.string(), amount: z.number().int() }),
  'product.changed': z.object({ productId: z.string(), stock: z.number().int().nonnegative() }),
  /** Keyed by the user id. `sealedAddress` is the profile address sealed with the address-event key (never plain). */
  'user.address-changed': z.object({ userId: z.string(), sealedAddress: z.string() }),
  /** Keyed by the user id: the account was erased; orders destroys the buyer's data key. */
  'user.deleted': z.object({ userId: z.string() }),
} as const;

export type EventType = keyof typeof EVENT_PAYLOADS;
export const EVENT_TYPES = Object.keys(EVENT_PAYLOADS) as EventType[];
export type EventPayload<Type extends EventType> = z.output<(typeof EVENT_PAYLOADS)[Type]>;

export const EVENT_VERSION = 1;

export interface EventEnvelope<Type extends EventType = EventType> {
  eventId: string;
  type: Type;
  version: number;
  occurredAt: string;
  /** Kafka message key: the aggregate id. */
  key: string;
  data: EventPayload<Type>;
}

/** The topic of an event type is its name: `order.created` is published on topic `order.created`. */
export const topicOf = (type: EventType): string => type;
