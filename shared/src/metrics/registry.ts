import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One registry per service process, never prom-client's global one: tests run several services in one process,
 * and each must expose only its own series. Every series carries `service`, and the default Node process
 * metrics (CPU, memory, event loop lag, GC) come with it.
 */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}
