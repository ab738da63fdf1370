import type { BenchAccount } from './accounts.ts';
import { runClosedLoop } from './drive.ts';
import { errorCode, type GraphQLClient } from './graphql-client.ts';
import { LOGIN } from './seed-scenario.ts';
import { type LatencySummary, perSecond, summarize } from './stats.ts';

/** The answers that say "busy, come back later" rather than "wrong": each must carry `retryAfterSeconds`. */
export const REFUSAL_CODES = ['TEMPORARILY_UNAVAILABLE', 'RATE_LIMITED'] as const;
type RefusalCode = (typeof REFUSAL_CODES)[number];
const isRefusal = (code: string): code is RefusalCode => (REFUSAL_CODES as readonly string[]).includes(code);

export interface Refusals {
  count: number;
  /** Refusals whose extensions had no numeric `retryAfterSeconds`: each one is a fault. */
  withoutRetryHint: number;
  /** The hints given, in seconds; null when none was. */
  retryAfterSeconds: { min: number; max: number } | null;
  latency: LatencySummary;
}

export interface LoginStorm {
  /** From the first login sent to the last answered. */
  windowSeconds: number;
  attempts: number;
  attemptsPerSecond: number;
  succeeded: number;
  succeededPerSecond: number;
  /** Latency of the logins that returned a token. */
  latency: LatencySummary;
  refusals: Partial<Record<RefusalCode, Refusals>>;
  /** Anything else (INVALID_CREDENTIALS, UNAUTHENTICATED, TRANSPORT, …), by code: none is expected. */
  errors: Record<string, number>;
  errorSamples: Record<string, string>;
}

interface RefusalTally {
  ms: number[];
  withoutRetryHint: number;
  hints: Refusals['retryAfterSeconds'];
}

/**
 * `concurrency` clients logging in with the right password for `durationMs`, each sending its next login as
 * soon as the last one is answered. A refused client does not wait its `retryAfterSeconds`: a storm is the
 * clients that retry at once, and the figure is how users and the reads beside it hold up against them.
 */
export async function runLoginStorm(
  client: GraphQLClient,
  buyers: readonly BenchAccount[],
  password: string,
  settings: { concurrency: number; durationMs: number },
): Promise<LoginStorm> {
  const succeededMs: number[] = [];
  const refusals = Object.fromEntries(
    REFUSAL_CODES.map((code): [RefusalCode, RefusalTally] => [
      code,
      { ms: [], withoutRetryHint: 0, hints: null },
    ]),
  ) as Record<RefusalCode, RefusalTally>;
  const errors: Record<string, number> = {};
  const errorSamples: Record<string, string> = {};
  let attempts = 0;
  const started = performance.now();
  const deadline = started + settings.durationMs;
  const plan = {
    total: Number.POSITIVE_INFINITY,
    concurrency: settings.concurrency,
    stop: () => performance.now() >= deadline,
  };
  await runClosedLoop(plan, async (index) => {
    const buyer = buyers[index % buyers.length];
    if (!buyer) return;
    attempts += 1;
    const response = await client.post<{ login: { accessToken: string } }>({
      query: LOGIN,
      variables: { email: buyer.email, password },
    });
    if (response.data?.login?.accessToken) {
      succeededMs.push(response.ms);
      return;
    }
    const code = errorCode(response);
    if (isRefusal(code)) {
      const tally = refusals[code];
      tally.ms.push(response.ms);
      const hint = response.errors?.[0]?.extensions?.retryAfterSeconds;
      if (typeof hint !== 'number' || !Number.isFinite(hint)) tally.withoutRetryHint += 1;
      else
        tally.hints = {
          min: Math.min(hint, tally.hints?.min ?? hint),
          max: Math.max(hint, tally.hints?.max ?? hint),
        };
      return;
    }
    errors[code] = (errors[code] ?? 0) + 1;
    errorSamples[code] ??= response.errors?.[0]?.message ?? `HTTP ${response.status}`;
  });
  const windowMs = performance.now() - started;

  const summarizeRefusals = ({ ms, withoutRetryHint, hints }: RefusalTally): Refusals => ({
    count: ms.length,
    withoutRetryHint,
    retryAfterSeconds: hints,
    latency: summarize(ms),
  });
  return {
    windowSeconds: Math.round(windowMs / 100) / 10,
    attempts,
    attemptsPerSecond: perSecond(attempts, windowMs),
    succeeded: succeededMs.length,
    succeededPerSecond: perSecond(succeededMs.length, windowMs),
    latency: summarize(succeededMs),
    refusals: Object.fromEntries(
      REFUSAL_CODES.flatMap((code) => {
        const tally = refusals[code];
        return tally.ms.length > 0 ? [[code, summarizeRefusals(tally)]] : [];
      }),
    ),
    errors,
    errorSamples,
  };
}
