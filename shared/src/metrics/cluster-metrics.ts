import cluster from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

const REQUEST = 'fcfs:cluster-metrics-request';
const RESPONSE = 'fcfs:cluster-metrics-response';
const ANSWER_TIMEOUT_MS = 10_000;

/** What `/metrics` serves: a registry, or the sum of a worker cluster's registries. */
export interface MetricsSource {
  contentType: string;
  metrics: () => Promise<string>;
}

interface ClusterMessage {
  type?: string;
  id?: number;
  text?: string;
  error?: string;
}

/**
 * In a worker cluster's primary: sums every worker's series (prom-client's AggregatorRegistry) when a worker's
 * `/metrics` asks, so a scrape sees the whole service whichever worker the connection reached.
 */
export function aggregateWorkerMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: ClusterMessage) => {
    if (message?.type !== REQUEST) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: RESPONSE, id: message.id, text }),
      (error: unknown) => worker.send({ type: RESPONSE, id: message.id, error: String(error) }),
    );
  });
}

/**
 * The `/metrics` source of a service process: its own registry, or, in a cluster worker, the primary's sum of all
 * workers (this worker's registry answers the primary's collection).
 */
export function metricsSourceOf(registry: Registry): MetricsSource {
  if (!cluster.isWorker) return registry;
  // Constructing one is what registers prom-client's answer to the primary's collection in this worker.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
  const waiting = new Map<number, (message: ClusterMessage) => void>();
  let nextId = 0;
  process.on('message', (message: ClusterMessage) => {
    if (message?.type === RESPONSE && message.id !== undefined) waiting.get(message.id)?.(message);
  });
  return {
    contentType: registry.contentType,
    metrics: () =>
      new Promise<string>((resolve, reject) => {
        const id = nextId++;
        const timeout = setTimeout(() => {
          waiting.delete(id);
          reject(new Error('the cluster primary did not answer with the metrics'));
        }, ANSWER_TIMEOUT_MS);
        waiting.set(id, (message) => {
          clearTimeout(timeout);
          waiting.delete(id);
          if (message.text !== undefined) resolve(message.text);
          else reject(new Error(message.error ?? 'no metrics'));
        });
        process.send?.({ type: REQUEST, id });
      }),
  };
}
