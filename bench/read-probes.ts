import { runArrivals } from './drive.ts';
import { PRODUCT_QUERY } from './gateway-overhead.ts';
import { bearer, errorCode, type GraphQLClient, type TimedResponse } from './graphql-client.ts';
import { type LatencySummary, summarize } from './stats.ts';

export const PROBES = ['product', 'me'] as const;
export type Probe = (typeof PROBES)[number];

/** Latency of the answered probes, and the others by code. */
export interface ProbeFigures extends LatencySummary {
  errors: Record<string, number>;
}
export type ProbeRun = Record<Probe, ProbeFigures>;

export interface ProbeTarget {
  productId: string;
  /** A buyer's access token, for `me`. */
  token: string;
}

const ME = /* GraphQL */ `query Me { me { id name } }`;

/**
 * What other buyers do while a crowd logs in: `product(id)` anonymously and `me` with a token, each at a fixed
 * rate whatever the answers' speed (open model), so a slow server shows as latency rather than as fewer probes.
 */
export async function runProbes(
  client: GraphQLClient,
  target: ProbeTarget,
  ratePerSecond: number,
  durationMs: number,
): Promise<ProbeRun> {
  const latencies: Record<Probe, number[]> = { product: [], me: [] };
  const errors: Record<Probe, Record<string, number>> = { product: {}, me: {} };
  const record = (probe: Probe, response: TimedResponse<unknown>, answered: boolean) => {
    if (answered) latencies[probe].push(response.ms);
    else {
      const code = errorCode(response);
      errors[probe][code] = (errors[probe][code] ?? 0) + 1;
    }
  };
  const send: Record<Probe, () => Promise<void>> = {
    product: async () => {
      const response = await client.post<{ product: { id: string } | null }>({
        query: PRODUCT_QUERY,
        variables: { id: target.productId },
      });
      record('product', response, Boolean(response.data?.product));
    },
    // `me` is null for an anonymous caller: a null means the token was not honoured.
    me: async () => {
      const response = await client.post<{ me: { id: string } | null }>({ query: ME }, bearer(target.token));
      record('me', response, Boolean(response.data?.me));
    },
  };
  const total = Math.max(1, Math.round((ratePerSecond * durationMs) / 1_000));
  await Promise.all(PROBES.map((probe) => runArrivals(total, durationMs, send[probe])));
  const figures = (probe: Probe): ProbeFigures => ({ ...summarize(latencies[probe]), errors: errors[probe] });
  return { product: figures('product'), me: figures('me') };
}
