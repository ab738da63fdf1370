import { parseArgs } from 'node:util';
import { STOCK_STRATEGIES, type StockStrategy } from './flash-sale.ts';

export const SCENARIOS = ['flash', 'seed', 'login-flood', 'gateways'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface BenchOptions {
  scenario: Scenario;
  quick: boolean;
  buyers: number;
  stock: number;
  concurrency: number;
  rampSeconds: number;
  warmup: number;
  rounds: number;
  strategies: StockStrategy[];
  durationSeconds: number;
  loggedIn: boolean;
  probeRate: number;
  connections: number;
  overheadSeconds: number;
  ceilingSeconds: number;
  bcryptCost: number;
  gatewayWorkers: number;
  paymentLatencyMs: number;
  profile: boolean;
  write: boolean;
}

export const USAGE = `pnpm bench [--quick] [--scenario flash|seed|login-flood|gateways] [flags]

flash (default): rounds of product(id) reads, then each STOCK_STRATEGY's flash sale through the gateway
and straight to orders (strategies interleaved, a fresh product each), then the Redis ceiling; every figure
is the median of the rounds with its min–max
  --rounds N          rounds                               (3)
  --buyers N          buyers, one placeOrder each          (4000; quick 1000)
  --stock N           units on sale                        (2000; quick 400)
  --concurrency N     buyers in flight at once, and the product(id) connections  (200)
  --ramp S            seconds until all of them are in     (0)
  --warmup N          orders per route on a warm-up product after each restart  (200; quick 100)
  --strategies LIST   comma-separated                      (lua,redlock,db-lock)
  --overhead S        seconds per product(id) run          (10; quick 4)
  --ceiling S         seconds of Lua-only reservations     (10; quick 3)
  --profile           after the rounds, one more lua turn with the orders process CPU-profiled (not in the
                      medians); prints the top costs
seed: the seed design's JMeter test: login → addToCart → checkoutCart per buyer
  --buyers N          arriving evenly over --duration      (10000; quick 1000)
  --duration S                                             (200; quick 20)
  --stock N                                                (= buyers)
  --logged-in         buyers logged in before; only addToCart + checkoutCart are timed
  --connections N     load generator's connection limit    (1024)
login-flood: product(id) and me through the gateway at a steady rate, alone (baseline), then as long again
while login loops hammer login with the right password, each retrying at once when refused; prints logins/s,
refusals by code (and any without retryAfterSeconds) and the probes' p50/p99 baseline vs flood
  --concurrency N     login loops                          (200)
  --buyers N          accounts the loops log in as, in turn (= concurrency)
  --duration S        seconds per phase                    (10; quick 5)
  --probe-rate N      product(id) and me each, per second  (20)
  it only prints: bench/results/ is left alone
gateways: product(id), me { orders(first: 5) … } with a token, and placeOrder, each at 50 and 200 connections
through our gateway, through Hive Gateway (which the bench starts on the committed supergraph against the same
subgraphs, signing like ours) and straight to the one subgraph that answers, signed (none for me { orders });
targets alternate, each run after a warm-up at the same load; every figure is the median of the rounds (min–max)
  --rounds N          rounds                               (3)
  --duration S        seconds per run, after 3 s of warm-up (quick 1 s)  (10; quick 3)
  --buyers N          the first reads me { orders }, the others take turns placing orders  (201)
  --stock N           units and purchase limit of the product placeOrder buys, never sold out  (1000000)
all
  --bcrypt-cost N     users' BCRYPT_COST, at least 10       (10)
  --gateway-workers N our gateway's GATEWAY_WORKERS         (1: one process, like Hive Gateway's)
  --payment-latency MS  the simulated processor's latency  (20)
  --no-write          do not update bench/results/
Before anything starts, the bench refuses (exit 2) while another FCFS process runs, a port of
FCFS_E2E_PORT_BASE (24000) … +5 (+5: Hive Gateway) is taken, or one of the platform's Kafka consumer groups has
members.
`;

const MIN_BCRYPT_COST = 10;

const positive = (name: string, text: string | undefined, fallback: number, minimum = 1): number => {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum)
    throw new Error(`--${name} must be an integer ≥ ${minimum}`);
  return value;
};

export function parseOptions(argv: string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      help: { type: 'boolean', short: 'h' },
      quick: { type: 'boolean' },
      scenario: { type: 'string' },
      buyers: { type: 'string' },
      stock: { type: 'string' },
      concurrency: { type: 'string' },
      ramp: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      strategies: { type: 'string' },
      duration: { type: 'string' },
      'logged-in': { type: 'boolean' },
      'probe-rate': { type: 'string' },
      connections: { type: 'string' },
      overhead: { type: 'string' },
      ceiling: { type: 'string' },
      'bcrypt-cost': { type: 'string' },
      'gateway-workers': { type: 'string' },
      'payment-latency': { type: 'string' },
      profile: { type: 'boolean' },
      'no-write': { type: 'boolean' },
    },
  });
  if (values.help) return 'help';
  const scenario = (values.scenario ?? 'flash') as Scenario;
  if (!SCENARIOS.includes(scenario)) throw new Error(`--scenario must be one of ${SCENARIOS.join(', ')}`);
  const quick = values.quick ?? false;
  const seed = scenario === 'seed';
  const flood = scenario === 'login-flood';
  const gateways = scenario === 'gateways';
  const concurrency = positive('concurrency', values.concurrency, 200);
  const buyers = positive(
    'buyers',
    values.buyers,
    flood ? concurrency : gateways ? 201 : seed ? (quick ? 1_000 : 10_000) : quick ? 1_000 : 4_000,
  );
  const defaultDuration = gateways ? (quick ? 3 : 10) : flood ? (quick ? 5 : 10) : quick ? 20 : 200;
  const strategies = (values.strategies ?? STOCK_STRATEGIES.join(',')).split(',') as StockStrategy[];
  const unknown = strategies.find((strategy) => !STOCK_STRATEGIES.includes(strategy));
  if (unknown) throw new Error(`unknown strategy ${unknown}; known: ${STOCK_STRATEGIES.join(', ')}`);
  const bcryptCost = positive('bcrypt-cost', values['bcrypt-cost'], MIN_BCRYPT_COST, 4);
  // The seed's logins hashed at production cost; a cheaper hash would flatter the login figures.
  if (bcryptCost < MIN_BCRYPT_COST)
    throw new Error(`--bcrypt-cost must be at least ${MIN_BCRYPT_COST} (production)`);
  return {
    scenario,
    quick,
    buyers,
    stock: positive('stock', values.stock, gateways ? 1_000_000 : seed ? buyers : quick ? 400 : 2_000),
    concurrency,
    rampSeconds: positive('ramp', values.ramp, 0, 0),
    warmup: positive('warmup', values.warmup, quick ? 100 : 200, 0),
    rounds: positive('rounds', values.rounds, 3),
    strategies,
    durationSeconds: positive('duration', values.duration, defaultDuration),
    loggedIn: values['logged-in'] ?? false,
    probeRate: positive('probe-rate', values['probe-rate'], 20),
    connections: positive('connections', values.connections, 1_024),
    overheadSeconds: positive('overhead', values.overhead, quick ? 4 : 10),
    ceilingSeconds: positive('ceiling', values.ceiling, quick ? 3 : 10),
    bcryptCost,
    gatewayWorkers: positive('gateway-workers', values['gateway-workers'], 1),
    paymentLatencyMs: positive('payment-latency', values['payment-latency'], 20, 0),
    profile: values.profile ?? false,
    write: !(values['no-write'] ?? false),
  };
}
