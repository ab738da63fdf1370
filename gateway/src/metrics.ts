import { Counter, Gauge, Histogram, type Registry } from '@fcfs/shared';

/** The gateway's own series beside the process ones; what a buyer waits for and where the time goes. */
export interface GatewayMetrics {
  /** One HTTP operation answered after `seconds`; `operation` and `result` must come from bounded sets. */
  requestAnswered(operation: string, result: string, seconds: number): void;
  /** One call to a subgraph answered with `status` (or failed: `error`) after `seconds`. */
  subgraphFetched(subgraph: string, status: string, seconds: number): void;
  /** One subgraph read answered by an identical read already in flight, without a call of its own. */
  subgraphReadShared(subgraph: string): void;
  /** Reports the open subscription sockets on each scrape. */
  countSockets(open: () => number): void;
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createGatewayMetrics(registry: Registry): GatewayMetrics {
  const registers = [registry];
  const requests = new Histogram({
    name: 'fcfs_gateway_request_duration_seconds',
    help: 'HTTP GraphQL operations from request to response, by operation and result (ok or the first error code)',
    labelNames: ['operation', 'result'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const fetches = new Histogram({
    name: 'fcfs_gateway_subgraph_fetch_duration_seconds',
    help: 'Calls from the gateway to a subgraph, by subgraph and HTTP status (error: no answer)',
    labelNames: ['subgraph', 'status'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const sharedReads = new Counter({
    name: 'fcfs_gateway_subgraph_reads_shared_total',
    help: 'Subgraph reads answered by an identical read already in flight (same body and caller), by subgraph',
    labelNames: ['subgraph'],
    registers,
  });
  let openSockets = () => 0;
  new Gauge({
    name: 'fcfs_gateway_subscription_sockets',
    help: 'Open graphql-ws sockets that completed connection_init',
    registers,
    collect() {
      this.set(openSockets());
    },
  });
  return {
    requestAnswered: (operation, result, seconds) => requests.observe({ operation, result }, seconds),
    subgraphFetched: (subgraph, status, seconds) => fetches.observe({ subgraph, status }, seconds),
    subgraphReadShared: (subgraph) => sharedReads.inc({ subgraph }),
    countSockets: (open) => {
      openSockets = open;
    },
  };
}
