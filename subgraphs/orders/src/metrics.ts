import { Counter, Gauge, Histogram, type Registry } from '@fcfs/shared';

/** What orders reports beside the shared outbox, consumer and process series; the domain records through it. */
export interface OrdersMetrics {
  /** placeOrder or checkoutCart finished with `code` (`OK` or the error code the buyer got). */
  orderAttempted(operation: 'placeOrder' | 'checkoutCart', code: string): void;
  /** One reservation took `seconds` under `strategy`; `result` is `ok` or the refusal. */
  reservationTook(strategy: string, result: string, seconds: number): void;
  /** The group commit wrote `size` orders in one transaction. */
  orderBatchCommitted(size: number): void;
  /** The scheduler moved `count` orders through `step`. */
  scheduled(step: string, count: number): void;
  /** Whether this replica holds the scheduler's lease. */
  leaseHeld(held: boolean): void;
}

export function createOrdersMetrics(registry: Registry): OrdersMetrics {
  const registers = [registry];
  const attempts = new Counter({
    name: 'fcfs_order_attempts_total',
    help: 'placeOrder and checkoutCart calls by outcome code (OK, or the error code the buyer got)',
    labelNames: ['operation', 'code'],
    registers,
  });
  const reservations = new Histogram({
    name: 'fcfs_reservation_duration_seconds',
    help: 'Time to reserve the units of one order, by stock strategy and result',
    labelNames: ['strategy', 'result'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers,
  });
  const batches = new Histogram({
    name: 'fcfs_order_batch_size',
    help: 'Orders written per group-commit transaction',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
    registers,
  });
  const transitions = new Counter({
    name: 'fcfs_scheduler_transitions_total',
    help: 'Orders the scheduler moved, by step',
    labelNames: ['step'],
    registers,
  });
  const lease = new Gauge({
    name: 'fcfs_scheduler_lease_held',
    help: "1 on the replica holding the scheduler's lease, 0 on the others",
    registers,
  });
  return {
    orderAttempted: (operation, code) => attempts.inc({ operation, code }),
    reservationTook: (strategy, result, seconds) => reservations.observe({ strategy, result }, seconds),
    orderBatchCommitted: (size) => batches.observe(size),
    scheduled: (step, count) => transitions.inc({ step }, count),
    leaseHeld: (held) => lease.set(held ? 1 : 0),
  };
}
