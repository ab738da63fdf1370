import type { Logger, StockAdjustments, StockCounters } from '@fcfs/shared';
import type { CatalogDatabase } from './db/client.ts';

/** Everything the catalog's domain functions need, built once in app.ts (or by a test). */
export interface CatalogDependencies {
  db: CatalogDatabase;
  stock: StockCounters;
  /** Admins' corrections of the live counters (adjustStock). */
  adjustments: StockAdjustments;
  logger: Logger;
  /** Wakes the outbox relay after a commit that enqueued events. */
  eventsEnqueued: () => void;
}
