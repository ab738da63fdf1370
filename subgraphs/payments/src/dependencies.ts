import { Registry } from '@fcfs/shared';
import type { PaymentsDependencies } from './domain/payments-dependencies.ts';
import { createWriteBatches } from './domain/write-batches.ts';
import { createPaymentsMetrics, type PaymentsMetrics } from './metrics.ts';

/**
 * Builds what the payments domain needs, once in app.ts (or by a test). Without `metrics`, the series go to a
 * registry of their own that nothing scrapes.
 */
export const assembleDependencies = ({
  metrics,
  ...base
}: Omit<PaymentsDependencies, 'batches' | 'metrics'> & {
  metrics?: PaymentsMetrics;
}): PaymentsDependencies => ({
  ...base,
  metrics: metrics ?? createPaymentsMetrics(new Registry()),
  batches: createWriteBatches(base),
});
