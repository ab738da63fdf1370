import type { Logger, PaymentIdKey } from '@fcfs/shared';
import type { PaymentsDatabase } from '../db/client.ts';

/** What writing payments takes: the database, a logger, the payment id key, and a nudge for the outbox relay. */
export interface PaymentWriter {
  db: PaymentsDatabase;
  logger: Logger;
  /** Makes each order's payment id, which orders checks on every payment result. */
  paymentIds: PaymentIdKey;
  /** Wakes the outbox relay after a commit that enqueued events. */
  eventsEnqueued: () => void;
}
