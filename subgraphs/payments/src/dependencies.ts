import type { Logger, PaymentIdKey } from '@fcfs/shared';
import type { PaymentsDatabase } from './db/client.ts';
import { createWriteBatches, type WriteBatches } from './domain/write-batches.ts';
import type { PaymentProcessor } from './processor/payment-processor.ts';

/** What writing payments takes: the database, a logger, the payment id key, and a nudge for the outbox relay. */
export interface PaymentWriter {
  db: PaymentsDatabase;
  logger: Logger;
  /** Makes each order's payment id, which orders checks on every payment result. */
  paymentIds: PaymentIdKey;
  /** Wakes the outbox relay after a commit that enqueued events. */
  eventsEnqueued: () => void;
}

/** Everything the payments domain functions need, built once in app.ts (or by a test). */
export interface PaymentsDependencies extends PaymentWriter {
  processor: PaymentProcessor;
  /**
   * Aborted at shutdown: charges in flight stop waiting for the processor and stay PENDING, to be resumed
   * by the next start, instead of holding the shutdown for the processor's latency.
   */
  shutdown: AbortSignal;
  /** Opens and charge answers of concurrent payments, written in shared transactions. */
  batches: WriteBatches;
}

export const assembleDependencies = (base: Omit<PaymentsDependencies, 'batches'>): PaymentsDependencies => ({
  ...base,
  batches: createWriteBatches(base),
});
