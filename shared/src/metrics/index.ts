export { Counter, Gauge, Histogram, Registry } from 'prom-client';
export { ConsumerMetrics, type HandledOutcome } from './consumer-metrics.ts';
export { registerOutboxMetrics } from './outbox-metrics.ts';
export { outcomeCodeOf, withOutcome } from './outcome-code.ts';
export { createMetricsRegistry } from './registry.ts';
export { sharedRead } from './scrape-once.ts';
