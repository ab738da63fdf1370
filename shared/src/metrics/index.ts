export { Counter, Gauge, Histogram, Registry } from 'prom-client';
export { aggregateWorkerMetrics, type MetricsSource, metricsSourceOf } from './cluster-metrics.ts';
export { ConsumerMetrics, type HandledOutcome } from './consumer-metrics.ts';
export { registerOutboxMetrics } from './outbox-metrics.ts';
export { outcomeCodeOf, withOutcome } from './outcome-code.ts';
export { createMetricsRegistry } from './registry.ts';
export { sharedRead } from './scrape-once.ts';
