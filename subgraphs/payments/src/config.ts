import { baseEnv, databaseEnv, kafkaEnv, portEnv, signingEnv } from '@fcfs/shared';
import { z } from 'zod';

export const paymentsEnv = z.object({
  ...baseEnv,
  ...portEnv(4004),
  ...databaseEnv,
  ...kafkaEnv,
  ...signingEnv,
  /** Share of charges the simulated processor declines (besides paymentMethod "decline", which always fails). */
  PAYMENT_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0.2),
  /** How long the simulated processor takes to answer a charge. */
  PAYMENT_LATENCY_MS: z.coerce.number().int().min(0).max(600_000).default(200),
  /** Makes the simulated outcomes reproducible: the same seed and order id always give the same answer. */
  PAYMENT_RANDOM_SEED: z.string().min(1).optional(),
  /** Charges in flight at once per replica; the processor's latency is spent waiting, not holding a connection. */
  PAYMENT_CONCURRENCY: z.coerce.number().int().min(1).max(5_000).default(500),
});

export type PaymentsConfig = z.output<typeof paymentsEnv>;
