import { signUserContext, subgraphSigningKey } from '@fcfs/shared';
import autocannon from 'autocannon';

/** The hottest read: what a buyer's page asks while the sale runs. */
export const PRODUCT_QUERY =
  'query Product($id: ID!) { product(id: $id) { id name price availableStock saleStatus } }';

export interface LoadRun {
  p50: number;
  p90: number;
  p99: number;
  requestsPerSecond: number;
  failures: number;
}

export interface GatewayOverhead {
  connections: number;
  seconds: number;
  direct: LoadRun;
  gateway: LoadRun;
  /** Gateway p50 over direct p50, and the same for p99. */
  medianFactor: number;
  p99Factor: number;
  throughputFactor: number;
}

export interface OverheadSettings {
  connections: number;
  seconds: number;
  warmupSeconds: number;
}

function load(
  url: string,
  body: string,
  headers: Record<string, string>,
  connections: number,
  seconds: number,
) {
  return new Promise<LoadRun>((resolve, reject) => {
    autocannon(
      {
        url,
        method: 'POST',
        connections,
        duration: seconds,
        body,
        headers: { 'content-type': 'application/json', ...headers },
      },
      (error, result) => {
        if (error) reject(error);
        else
          resolve({
            p50: result.latency.p50,
            p90: result.latency.p90,
            p99: result.latency.p99,
            requestsPerSecond: result.requests.average,
            failures: result.non2xx + result.errors + result.timeouts,
          });
      },
    );
  });
}

/**
 * The gateway's cost on the hottest read: `product(id)` through the gateway against the catalog subgraph called
 * directly with a valid signature (what the gateway itself sends), same load, same product.
 */
export async function measureGatewayOverhead(
  urls: { gateway: string; catalog: string },
  signingSecret: string,
  productId: string,
  settings: OverheadSettings,
): Promise<GatewayOverhead> {
  const operation = { query: PRODUCT_QUERY, variables: { id: productId } };
  const body = JSON.stringify(operation);
  const measure = async (url: string, headers: () => Record<string, string>) => {
    await load(url, body, headers(), settings.connections, settings.warmupSeconds);
    // Signed right before each run: a signature is good for a minute, a run lasts seconds.
    return load(url, body, headers(), settings.connections, settings.seconds);
  };
  const catalogKey = subgraphSigningKey(signingSecret, 'catalog');
  const direct = await measure(urls.catalog, () => signUserContext(catalogKey, null, operation));
  const gateway = await measure(urls.gateway, () => ({}));
  const ratio = (a: number, b: number) => Math.round((a / Math.max(b, 1)) * 100) / 100;
  return {
    connections: settings.connections,
    seconds: settings.seconds,
    direct,
    gateway,
    medianFactor: ratio(gateway.p50, direct.p50),
    p99Factor: ratio(gateway.p99, direct.p99),
    throughputFactor: Math.round((gateway.requestsPerSecond / direct.requestsPerSecond) * 100) / 100,
  };
}
