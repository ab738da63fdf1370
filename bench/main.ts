// `pnpm bench`: see bench/options.ts for the flags (`pnpm bench --help`) and README.md § Benchmarks.
import { mkdirSync } from 'node:fs';
import { createLogger } from '@fcfs/shared';
import { createProduct, loginAdmin } from '../test/support/buyers.ts';
import { AccountFactory } from './accounts.ts';
import { startBenchPlatform } from './bench-platform.ts';
import { writeStrategyChart } from './chart.ts';
import { purgeBenchSales } from './cleanup.ts';
import { servicePids, startCpuShare } from './cpu-share.ts';
import { placeReaderOrders, runGatewayComparison } from './gateway-comparison.ts';
import { printGateways } from './gateway-report.ts';
import { evaluateGoals } from './goals.ts';
import { GraphQLClient } from './graphql-client.ts';
import { HiveGateway } from './hive-gateway.ts';
import { runLoginFlood } from './login-flood.ts';
import { mediansOf, overRounds } from './medians.ts';
import { type BenchOptions, parseOptions, USAGE } from './options.ts';
import { OrderBook } from './order-book.ts';
import { orderRoutes } from './order-routes.ts';
import { requireIsolation } from './preflight.ts';
import { type ProfileSummary, summarizeNewestProfile } from './profile.ts';
import {
  printBareWrite,
  printCeiling,
  printFlashSales,
  printGoals,
  printLoginFlood,
  printProfile,
  printReads,
  printRounds,
  printSeed,
} from './report.ts';
import { describeMachine, type FlashSettings, RESULTS_DIR, readLatest, writeLatest } from './results.ts';
import { runRounds } from './rounds.ts';
import { runSeedScenario } from './seed-scenario.ts';
import { runStrategyTurn, type TurnContext } from './strategy-turn.ts';

const ROOT = new URL('../', import.meta.url).pathname;
const PROFILE_DIR = `${RESULTS_DIR}profiles`;
const PROFILER = new URL('./cpu-profiler.ts', import.meta.url).pathname;
const PAID_TIMEOUT_MS = 120_000;
const SUBGRAPHS = ['users', 'catalog', 'orders', 'payments'] as const;
const GATEWAY_CONNECTIONS = [50, 200];

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
  gatewayWorkers: options.gatewayWorkers,
  paymentLatencyMs: options.paymentLatencyMs,
  stockStrategy: options.strategies[0] ?? 'lua',
});
const accounts = new AccountFactory(options.bcryptCost);
const orderBook = new OrderBook();
const benchProducts: string[] = [];
const connections = options.scenario === 'seed' ? options.connections : options.concurrency;
const gateway = new GraphQLClient(platform.gatewayUrl, connections);
const orders = new GraphQLClient(platform.urlOf('orders'), connections);
let hive: HiveGateway | undefined;
try {
  const runTag = `bench-${Date.now().toString(36)}`;
  step(`creating ${options.buyers} buyer accounts in the users database (bcrypt cost ${options.bcryptCost})`);
  const buyers = await accounts.create(options.buyers, runTag);
  const newProduct = async (name: string, stock: number, purchaseLimit = 1) => {
    // A fresh admin login each time: a full run outlasts the 15-minute access token.
    const id = await createProduct(platform, await loginAdmin(platform), {
      name: `${name} ${runTag}`,
      stock,
      purchaseLimit,
    });
    benchProducts.push(id);
    return id;
  };
  const latest = readLatest();
  const command = `pnpm bench ${process.argv.slice(2).join(' ')}`.trim();

  if (options.scenario === 'flash') {
    const context: TurnContext = {
      platform,
      accounts,
      buyers,
      orderBook,
      newProduct,
      startCpuShare: () => startCpuShare(servicePids(platform)),
      routes: orderRoutes({ gateway, orders }, process.env.GATEWAY_SIGNING_SECRET ?? ''),
    };
    const flashSettings: FlashSettings = {
      buyers: options.buyers,
      stock: options.stock,
      concurrency: options.concurrency,
      rampSeconds: options.rampSeconds,
      warmup: options.warmup,
      strategies: options.strategies,
      readSeconds: options.overheadSeconds,
      ceilingSeconds: options.ceilingSeconds,
    };
    const settings = {
      ...flashSettings,
      rampMs: options.rampSeconds * 1_000,
      paidTimeoutMs: PAID_TIMEOUT_MS,
      rounds: options.rounds,
      readWarmupSeconds: options.quick ? 2 : 3,
    };
    const rounds = await runRounds(context, settings, step);

    let profile: ProfileSummary | null | undefined;
    if (options.profile) {
      step('profile: one more lua turn with the orders process CPU-profiled, not part of the medians');
      mkdirSync(PROFILE_DIR, { recursive: true });
      await runStrategyTurn(context, 'lua', settings, {
        NODE_OPTIONS: `--import=${PROFILER}`,
        BENCH_CPU_PROFILE_DIR: PROFILE_DIR,
      });
      // The profiler writes its file when the process is stopped.
      await platform.stopService('orders');
      profile = summarizeNewestProfile(PROFILE_DIR, ROOT);
    }

    const medians = mediansOf(rounds, options.strategies);
    const goals = evaluateGoals(medians, rounds);
    printFlashSales(medians, flashSettings);
    printRounds(rounds, options.strategies);
    printReads(medians, flashSettings);
    printCeiling(medians, flashSettings);
    printBareWrite(medians, flashSettings);
    if (profile !== undefined) printProfile(profile);
    printGoals(goals);
    if (options.write) {
      const written = writeLatest({
        ...latest,
        flash: { settings: flashSettings, rounds, medians, goals },
        ...(profile !== undefined ? { profile } : {}),
        runs: { ...latest.runs, flash: { measuredAt: new Date().toISOString(), command } },
        machine: describeMachine(),
      });
      const chart = writeStrategyChart(
        medians,
        options.strategies,
        `${options.buyers} buyers, ${options.stock} units, ${options.concurrency} concurrent; ${overRounds(rounds.length)}; ${describeMachine().cores} cores, ${new Date().toISOString().slice(0, 10)}`,
      );
      say(`\nwrote ${written} and ${chart}`);
    }
  } else if (options.scenario === 'gateways') {
    // As deep a purchase limit as stock: the same buyers place orders all run long.
    const productId = await newProduct('bench gateways', options.stock, options.stock);
    step("starting Hive Gateway on gateway/supergraph.graphql, against the bench platform's subgraphs");
    hive = await HiveGateway.start(Object.fromEntries(SUBGRAPHS.map((name) => [name, platform.urlOf(name)])));
    const context = {
      urls: {
        ours: platform.gatewayUrl,
        hive: hive.url,
        catalog: platform.urlOf('catalog'),
        orders: platform.urlOf('orders'),
      },
      signingSecret: process.env.GATEWAY_SIGNING_SECRET ?? '',
      accounts,
      orderBook,
      productId,
      buyers,
    };
    step("placing the reader's orders for me { orders }");
    await placeReaderOrders(context);
    const run = await runGatewayComparison(
      context,
      {
        connections: GATEWAY_CONNECTIONS,
        seconds: options.durationSeconds,
        gatewayWorkers: options.gatewayWorkers,
        warmupSeconds: options.quick ? 1 : 3,
        rounds: options.rounds,
      },
      step,
    );
    printGateways(run);
    if (options.write) {
      const written = writeLatest({
        ...latest,
        gateways: run,
        runs: { ...latest.runs, gateways: { measuredAt: new Date().toISOString(), command } },
        machine: describeMachine(),
      });
      say(`\nwrote ${written}`);
    }
  } else if (options.scenario === 'login-flood') {
    const productId = await newProduct('bench login flood', options.stock);
    step(
      `login flood: product(id) and me at ${options.probeRate}/s each for ${options.durationSeconds} s alone, then for ${options.durationSeconds} s beside ${options.concurrency} login loops`,
    );
    const result = await runLoginFlood(platform.gatewayUrl, accounts, buyers, productId, {
      concurrency: options.concurrency,
      durationMs: options.durationSeconds * 1_000,
      probeRatePerSecond: options.probeRate,
      bcryptCost: options.bcryptCost,
    });
    printLoginFlood(result);
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
  await hive?.stop();
  await gateway.close();
  await orders.close();
  await platform.stopService('orders');
  await platform.stopService('payments');
  step(
    `purged ${await purgeBenchSales(benchProducts)} bench orders and ${benchProducts.length} bench products`,
  );
  await accounts.close();
  await orderBook.close();
  await platform.close();
}
