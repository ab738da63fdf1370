import type { PaymentsDependencies } from './domain/payments-dependencies.ts';
import { createWriteBatches } from './domain/write-batches.ts';

/** Builds what the payments domain needs, once in app.ts (or by a test). */
export const assembleDependencies = (base: Omit<PaymentsDependencies, 'batches'>): PaymentsDependencies => ({
  ...base,
  batches: createWriteBatches(base),
});
