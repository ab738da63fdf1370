import { Pool } from 'undici';

/** A subgraph's answer, read whole: the data source needs all of it before it can parse. */
export interface SubgraphReply {
  status: number;
  contentType: string;
  text: string;
}

/** POSTs one body with its headers to the subgraph the function was made for. */
export type SubgraphPost = (headers: Record<string, string>, body: string) => Promise<SubgraphReply>;

export interface SubgraphFetcher {
  /** The POST for one subgraph URL, over its origin's keep-alive pool; the URL is parsed once, here. */
  to: (url: string) => SubgraphPost;
  /** Closes every pool's connections (gateway shutdown). */
  close: () => Promise<void>;
}

/** Told about every call: the origin it went to, its HTTP status (or `error`) and how long it took. */
export type FetchObserver = (origin: string, status: string, seconds: number) => void;

const firstOf = (value: string | string[] | undefined): string =>
  (Array.isArray(value) ? value[0] : value) ?? '';

/**
 * One undici keep-alive Pool per subgraph origin, called directly: the WHATWG-style Request, Headers and
 * Response objects of a fetch API (make-fetch-happen's, node-fetch's or Node's own) cost more CPU per
 * subgraph call than the gateway's own work, and the data source needs none of them.
 */
export function createSubgraphFetcher(observe: FetchObserver = () => undefined): SubgraphFetcher {
  const pools = new Map<string, Pool>();
  const poolOf = (origin: string): Pool => {
    let pool = pools.get(origin);
    if (!pool) {
      pool = new Pool(origin);
      pools.set(origin, pool);
    }
    return pool;
  };
  return {
    to: (url) => {
      const { origin, pathname, search } = new URL(url);
      const pool = poolOf(origin);
      const path = `${pathname}${search}`;
      return async (headers, body) => {
        const started = performance.now();
        const took = () => (performance.now() - started) / 1000;
        try {
          const response = await pool.request({ path, method: 'POST', headers, body });
          const text = await response.body.text();
          observe(origin, String(response.statusCode), took());
          return {
            status: response.statusCode,
            contentType: firstOf(response.headers['content-type']),
            text,
          };
        } catch (error) {
          observe(origin, 'error', took());
          throw error;
        }
      };
    },
    close: async () => {
      await Promise.all([...pools.values()].map((pool) => pool.close()));
    },
  };
}
