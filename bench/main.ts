// `pnpm bench`: see bench/options.ts for the flags (`pnpm bench --help`) and README.md § Benchmarks.
import { mkdirSync } from 'node:fs';
import { createLogger } from '@fcfs/shared';
import { createProduct, loginAdmin } from '../test/support/buyers.ts';
import { AccountFactory } from './accounts.ts';
import { benchServiceUrl, startBenchPlatform } from './bench-platform.ts';
import { type Ceiling, measureCeiling } from './ceiling.ts';
import { writeStrategyChart } from './chart.ts';
import { purgeBenchSales } from './cleanup.ts';
import { type FlashSaleContext, type FlashSaleResult, runFlashSale } from './flash-sale.ts';
import { type GatewayOverhead, measureGatewayOverhead } from './gateway-overhead.ts';
import { GraphQLClient } from './graphql-client.ts';
import { type BenchOptions, parseOptions, USAGE } from './options.ts';
import { OrderBook } from './order-book.ts';
import { requireIsolation } from './preflight.ts';
import { type ProfileSummary, summarizeNewestProfile } from './profile.ts';
import {
  printCeiling,
  printFlashSales,
  printGoals,
  printOverhead,
  printProfile,
  printSeed,
} from './report.ts';
import { describeMachine, RESULTS_DIR, readLatest, writeLatest } from './results.ts';
import { runSeedScenario } from './seed-scenario.ts';

const ROOT = new URL('../', import.meta.url).pathname;
const PROFILE_DIR = `${RESULTS_DIR}profiles`;
const PROFILER = new URL('./cpu-profiler.ts', import.meta.url).pathname;
const PAID_TIMEOUT_MS = 120_000;
const CEILING_UNITS = 10_000_000;

const log = createLogger('bench', 'info');
const say = (line: string) => process.stdout.write(`${line}\n`);

let options: BenchOptions;
try {
  const parsed = parseOptions(process.argv.slice(2).filter((arg) => arg !== '--'));
  if (parsed === 'help') {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  options = parsed;
} catch (error) {
  process.stderr.write(`bench: ${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
await requireIsolation();

const startedAt = performance.now();
const elapsed = () => `${((performance.now() - startedAt) / 1_000).toFixed(0)} s`;
const step = (what: string) => log.info(`[${elapsed()}] ${what}`);

step(
  'starting users, catalog, orders, payments and the gateway (ports from FCFS_E2E_PORT_BASE, default 24000)',
);
const platform = await startBenchPlatform({
  bcryptCost: options.bcryptCost,
  paymentLatencyMs: options.paymentLatencyMs,
  stockStrategy: options.strategies[0] ?? 'lua',
});
const accounts = new AccountFactory(options.bcryptCost);
const orderBook = new OrderBook();
const benchProducts: string[] = [];
const gateway = new GraphQLClient(
  platform.gatewayUrl,
  options.scenario === 'seed' ? options.connections : options.concurrency,
);
try {
  const runTag = `bench-${Date.now().toString(36)}`;
  step(`creating ${options.buyers} buyer accounts in the users database (bcrypt cost ${options.bcryptCost})`);
  const buyers = await accounts.create(options.buyers, runTag);
  const adminToken = await loginAdmin(platform);
  const newProduct = async (name: string, stock: number) => {
    const id = await createProduct(platform, adminToken, {
      name: `${name} ${runTag}`,
      stock,
      purchaseLimit: 1,
    });
    benchProducts.push(id);
    return id;
  };
  const latest = readLatest();
  const command = `pnpm bench ${process.argv.slice(2).join(' ')}`.trim();

  if (options.scenario === 'flash') {
    const context: FlashSaleContext = { platform, gateway, accounts, buyers, orderBook, newProduct };
    const settings = {
      buyers: options.buyers,
      stock: options.stock,
      concurrency: options.concurrency,
      rampMs: options.rampSeconds * 1_000,
      warmup: options.warmup,
      paidTimeoutMs: PAID_TIMEOUT_MS,
    };
    if (options.profile) mkdirSync(PROFILE_DIR, { recursive: true });
    const results: FlashSaleResult[] = [];
    let runningStrategy = options.strategies[0];
    for (const strategy of options.strategies) {
      step(`flash sale with STOCK_STRATEGY=${strategy}`);
      const profiled = options.profile && strategy === 'lua';
      const ordersEnv: Record<string, string> = profiled
        ? { NODE_OPTIONS: `--import=${PROFILER}`, BENCH_CPU_PROFILE_DIR: PROFILE_DIR }
        : {};
      const restart = profiled || strategy !== runningStrategy;
      runningStrategy = strategy;
      const result = await runFlashSale(context, strategy, settings, ordersEnv, restart);
      results.push(result);
      step(
        `${strategy}: ${result.throughput} orders/s, sold ${result.sold}/${result.stock}, ${result.errors} errors; the previous orders process took ${result.ordersStopMs} ms to stop`,
      );
    }
    let profile: ProfileSummary | null | undefined;
    if (options.profile) {
      // The profile is written when the profiled process is stopped; a later strategy's restart already did that.
      if (options.strategies.at(-1) === 'lua') await platform.stopService('orders');
      profile = summarizeNewestProfile(PROFILE_DIR, ROOT);
    }

    step(`gateway overhead: product(id), ${options.concurrency} connections`);
    const overhead: GatewayOverhead = await measureGatewayOverhead(
      { gateway: platform.gatewayUrl, catalog: benchServiceUrl('catalog') },
      process.env.GATEWAY_SIGNING_SECRET ?? '',
      results[0]?.productId ?? (await newProduct('bench overhead', 1)),
      {
        connections: options.concurrency,
        seconds: options.overheadSeconds,
        warmupSeconds: options.quick ? 2 : 3,
      },
    );
    step('ceiling: the reservation script alone against Redis');
    const ceiling: Ceiling = await measureCeiling(
      await newProduct('bench ceiling', CEILING_UNITS),
      options.concurrency,
      options.ceilingSeconds,
    );

    printFlashSales(results);
    printOverhead(overhead);
    printCeiling(ceiling);
    if (profile !== undefined) printProfile(profile);
    printGoals(results, overhead);
    for (const result of results.filter((r) => r.violations.length > 0)) {
      say(`${result.strategy}: consistency violations: ${result.violations.join('; ')}`);
    }
    if (options.write) {
      const written = writeLatest({
        ...latest,
        strategies: Object.fromEntries(results.map((result) => [result.strategy, result])),
        gateway: overhead,
        ceiling,
        ...(profile !== undefined ? { profile } : {}),
        runs: { ...latest.runs, flash: { measuredAt: new Date().toISOString(), command } },
        machine: describeMachine(),
      });
      const chart = writeStrategyChart(
        results,
        `${options.buyers} buyers, ${options.stock} units, ${options.concurrency} concurrent, through the gateway; ${describeMachine().cores} cores, ${new Date().toISOString().slice(0, 10)}`,
      );
      say(`\nwrote ${written} and ${chart}`);
    }
  } else {
    const productId = await newProduct('bench seed scenario', options.stock);
    step(
      `seed scenario: ${options.buyers} buyers over ${options.durationSeconds} s${options.loggedIn ? ', logged in' : ''}`,
    );
    const result = await runSeedScenario(gateway, accounts, buyers, productId, {
      buyers: options.buyers,
      durationMs: options.durationSeconds * 1_000,
      loggedIn: options.loggedIn,
      bcryptCost: options.bcryptCost,
    });
    printSeed(result);
    if (options.write) {
      const variant = options.loggedIn ? 'loggedIn' : 'login';
      const written = writeLatest({
        ...latest,
        seed: { ...latest.seed, [variant]: result },
        runs: { ...latest.runs, [`seed:${variant}`]: { measuredAt: new Date().toISOString(), command } },
        machine: describeMachine(),
      });
      say(`\nwrote ${written}`);
    }
  }
  say(`total ${elapsed()}`);
} finally {
  await gateway.close();
  await platform.stopService('orders');
  await platform.stopService('payments');
  step(
    `purged ${await purgeBenchSales(benchProducts)} bench orders and ${benchProducts.length} bench products`,
  );
  await accounts.close();
  await orderBook.close();
  await platform.close();
}
