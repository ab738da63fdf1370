import autocannon from 'autocannon';

/** One request's body and headers; built anew per request, so each can carry its own key and signature. */
export interface LoadRequest {
  body: string;
  headers: Record<string, string>;
}

export interface LoadTarget {
  url: string;
  next: () => LoadRequest;
}

export interface LoadFigures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  /** Answers without data or with GraphQL `errors` (whatever their status), transport errors and timeouts. */
  failures: number;
  /** The first failed answer's body, cut short: what went wrong, when something did. */
  firstFailure?: string;
}

/** A closed-loop autocannon run: `connections` requests in flight for `seconds`. */
export function runLoad(target: LoadTarget, connections: number, seconds: number): Promise<LoadFigures> {
  let firstFailure: string | undefined;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: target.url,
        method: 'POST',
        connections,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => ({ ...request, ...target.next() }),
          },
        ],
        // A GraphQL error comes with status 200: only the body tells.
        verifyBody: (body) => {
          const text = String(body ?? '');
          const ok = text.includes('"data"') && !text.includes('"errors"');
          if (!ok) firstFailure ??= text.slice(0, 300);
          return ok;
        },
      },
      (error, result) => {
        if (error) {
          reject(error);
          return;
        }
        resolve({
          requestsPerSecond: Math.round(result.requests.average),
          p50: result.latency.p50,
          p99: result.latency.p99,
          requests: result.requests.total,
          // A non-2xx answer fails verifyBody too: adding `non2xx` would count it twice.
          failures: result.mismatches + result.errors + result.timeouts,
          ...(firstFailure !== undefined ? { firstFailure } : {}),
        });
      },
    );
  });
}
