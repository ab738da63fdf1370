import type { KeyEncryptionKey, Logger, PaymentIdKey, Redis, StockCounters } from '@fcfs/shared';
import type { OrdersDatabase } from '../db/client.ts';
import type { OrdersMetrics } from '../metrics.ts';
import type { Redlock } from '../redlock.ts';
import type { OrderWriter } from './order-writer.ts';
import type { StockReservations } from './stock/index.ts';

/**
 * Everything the orders domain functions need, built once by `buildOrdersDependencies` (../dependencies.ts)
 * for app.ts or a test. It lives in the domain so the domain never imports the wiring that builds it.
 */
export interface OrdersDependencies {
  db: OrdersDatabase;
  redis: Redis;
  /** The shared stock scripts: every step of a hold (domain/hold-steps.ts), and the lua strategy's reservations. */
  stock: StockCounters;
  reservations: StockReservations;
  redlock: Redlock;
  logger: Logger;
  /** Checks that a payment result names the payment payments opened for its order. */
  paymentIds: PaymentIdKey;
  /** Wraps each buyer's data key; opens the profile addresses users publishes. */
  pii: { keyEncryptionKey: KeyEncryptionKey; addressEventKey: Buffer };
  /** Wakes the outbox relay after a commit that enqueued events. */
  eventsEnqueued: () => void;
  /** The group commit every placed order is written through. */
  orderWriter: OrderWriter;
  /** Where the domain reports outcomes, latencies and scheduler work. */
  metrics: OrdersMetrics;
  settings: { reservationTtlMs: number; returnWindowMs: number; idempotencyWindowMs: number };
}
