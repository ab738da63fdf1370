import type { PaymentsMetrics } from '../metrics.ts';
import type { PaymentProcessor } from '../processor/payment-processor.ts';
import type { PaymentWriter } from './payment-writer.ts';
import type { WriteBatches } from './write-batches.ts';

/**
 * Everything the payments domain functions need, built once by `assembleDependencies` (../dependencies.ts)
 * for app.ts or a test. It lives in the domain so the domain never imports the wiring that builds it.
 */
export interface PaymentsDependencies extends PaymentWriter {
  processor: PaymentProcessor;
  /**
   * Aborted at shutdown: charges in flight stop waiting for the processor and stay PENDING, to be resumed
   * by the next start, instead of holding the shutdown for the processor's latency.
   */
  shutdown: AbortSignal;
  /** Opens and charge answers of concurrent payments, written in shared transactions. */
  batches: WriteBatches;
  /** Where the domain reports each payment's outcome. */
  metrics: PaymentsMetrics;
}
