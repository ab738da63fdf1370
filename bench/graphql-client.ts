import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

export interface GraphQLError {
  message: string;
  /** `retryAfterSeconds` comes with RATE_LIMITED and TEMPORARILY_UNAVAILABLE: when to try again. */
  extensions?: { code?: string; retryAfterSeconds?: number };
}

export interface TimedResponse<Data> {
  ms: number;
  status: number;
  data?: Data | null;
  errors?: GraphQLError[];
}

/** The first error's `extensions.code`, or a label for a failure that never reached GraphQL. */
export const errorCode = (response: TimedResponse<unknown>): string =>
  response.errors?.[0]?.extensions?.code ?? (response.status === 200 ? 'NO_DATA' : `HTTP_${response.status}`);

/**
 * Keep-alive connections to one GraphQL endpoint, so the load generator spends its CPU on requests rather than
 * on handshakes (undici's Pool is several times cheaper per request than fetch). Transport failures come back
 * as a response with status 0, so a run counts them instead of stopping.
 */
export class GraphQLClient {
  private readonly pool: Pool;
  private readonly path: string;

  constructor(url: string, connections: number, timeoutMs = 120_000) {
    const { origin, pathname } = new URL(url);
    this.path = pathname;
    this.pool = new Pool(origin, { connections, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  }

  async post<Data>(
    operation: { query: string; variables?: Record<string, unknown> },
    headers: Record<string, string> = {},
  ): Promise<TimedResponse<Data>> {
    const started = performance.now();
    try {
      const response = await this.pool.request({
        path: this.path,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(operation),
      });
      const body = (await response.body.json()) as { data?: Data | null; errors?: GraphQLError[] };
      return { ms: performance.now() - started, status: response.statusCode, ...body };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return {
        ms: performance.now() - started,
        status: 0,
        errors: [{ message, extensions: { code: 'TRANSPORT' } }],
      };
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
