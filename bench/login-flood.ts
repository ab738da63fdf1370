import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { AccountFactory, BenchAccount } from './accounts.ts';
import { GraphQLClient } from './graphql-client.ts';
import { type LoginStorm, runLoginStorm } from './login-storm.ts';
import { PROBES, type ProbeRun, runProbes } from './read-probes.ts';

export interface LoginFloodSettings {
  concurrency: number;
  durationMs: number;
  probeRatePerSecond: number;
  bcryptCost: number;
}

export interface LoginFloodPhase {
  probes: ProbeRun;
  /** The load generator's own event-loop delay, p99 ms: what of each latency is the bench's, not the server's. */
  generatorLoopDelayP99Ms: number;
}

export interface LoginFloodResult {
  concurrency: number;
  durationSeconds: number;
  probeRatePerSecond: number;
  bcryptCost: number;
  baseline: LoginFloodPhase;
  flood: LoginFloodPhase & { logins: LoginStorm };
}

/**
 * Answers as slow as this still find a connection free at the probes' rate, so a probe never waits in the bench
 * (an open model sends on schedule: at 20/s each and 5 s answers, 200 are in flight).
 */
const PROBE_SLOWEST_ANSWER_SECONDS = 30;
/** Probes before the baseline, not counted: the first requests pay for connections and cold code paths. */
const WARMUP_MS = 2_000;

async function withLoopDelay<Result>(
  phase: () => Promise<Result>,
): Promise<{ result: Result; generatorLoopDelayP99Ms: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  try {
    const result = await phase();
    return { result, generatorLoopDelayP99Ms: Math.round(histogram.percentile(99) / 1e5) / 10 };
  } finally {
    histogram.disable();
  }
}

/**
 * Issue 13's figure: `product(id)` and `me` through the gateway, first alone (the baseline), then for as long
 * again beside a storm of logins with the right password, so the two phases differ only by the storm.
 */
export async function runLoginFlood(
  gatewayUrl: string,
  accounts: AccountFactory,
  buyers: readonly BenchAccount[],
  productId: string,
  settings: LoginFloodSettings,
): Promise<LoginFloodResult> {
  const [prober] = buyers;
  if (!prober) throw new Error('the login flood needs at least one buyer');
  // Probes on connections of their own: queued behind the storm's, they would wait in the bench, not the server.
  const probeConnections = settings.probeRatePerSecond * PROBES.length * PROBE_SLOWEST_ANSWER_SECONDS;
  const probeClient = new GraphQLClient(gatewayUrl, probeConnections);
  const stormClient = new GraphQLClient(gatewayUrl, settings.concurrency);
  try {
    const target = { productId, token: accounts.session(prober).token };
    const probe = (durationMs: number) =>
      runProbes(probeClient, target, settings.probeRatePerSecond, durationMs);
    await probe(WARMUP_MS);
    const baseline = await withLoopDelay(() => probe(settings.durationMs));
    const flood = await withLoopDelay(() =>
      Promise.all([
        probe(settings.durationMs),
        runLoginStorm(stormClient, buyers, accounts.password, settings),
      ]),
    );
    const [floodProbes, logins] = flood.result;
    return {
      concurrency: settings.concurrency,
      durationSeconds: settings.durationMs / 1_000,
      probeRatePerSecond: settings.probeRatePerSecond,
      bcryptCost: settings.bcryptCost,
      baseline: { probes: baseline.result, generatorLoopDelayP99Ms: baseline.generatorLoopDelayP99Ms },
      flood: { probes: floodProbes, generatorLoopDelayP99Ms: flood.generatorLoopDelayP99Ms, logins },
    };
  } finally {
    await probeClient.close();
    await stormClient.close();
  }
}
