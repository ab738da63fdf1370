import { Counter, type Registry } from '@fcfs/shared';

export type PaymentOutcome = 'succeeded' | 'failed' | 'refunded';

/** What payments reports beside the shared outbox, consumer and process series; the domain records through it. */
export interface PaymentsMetrics {
  /** A payment reached `outcome`, counted once per payment (redeliveries and resumes count nothing more). */
  paymentFinished(outcome: PaymentOutcome): void;
}

export function createPaymentsMetrics(registry: Registry): PaymentsMetrics {
  const payments = new Counter({
    name: 'fcfs_payments_total',
    help: 'Payments by final outcome: charged (succeeded), declined (failed) or given back (refunded)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  for (const outcome of ['succeeded', 'failed', 'refunded'] as const) payments.inc({ outcome }, 0);
  return { paymentFinished: (outcome) => payments.inc({ outcome }) };
}
