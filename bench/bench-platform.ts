import type { Platform, Service } from '../test/support/platform.ts';

/** Away from `pnpm start` (4000–4004) and the test suite (14000–14004), which may run at the same time. */
const BENCH_PORT_BASE = '24000';

const NO_LIMIT = '1000000000';

export interface BenchPlatformOptions {
  bcryptCost: number;
  /** Our gateway's GATEWAY_WORKERS. */
  gatewayWorkers: number;
  paymentLatencyMs: number;
  /** The orders subgraph's first STOCK_STRATEGY, so the first flash sale needs no restart. */
  stockStrategy: string;
}

/**
 * The real five processes, tuned for measuring rather than for the second-scale journeys of the tests: a
 * processor that never declines, rate limits out of the way (every buyer shares 127.0.0.1), orders that stay
 * PAID while the bench counts them, and production settings (NODE_ENV, bcrypt cost ≥ 10).
 */
export function benchOverrides(
  options: BenchPlatformOptions,
): Partial<Record<Service, Record<string, string>>> {
  const production = { NODE_ENV: 'production' };
  return {
    users: {
      ...production,
      BCRYPT_COST: String(options.bcryptCost),
      LOGIN_ATTEMPTS_PER_CLIENT_PER_MINUTE: '1000000',
    },
    catalog: production,
    orders: {
      ...production,
      STOCK_STRATEGY: options.stockStrategy,
      SHIP_AFTER: '1d',
      DELIVER_AFTER: '1d',
      RETURN_WINDOW: '1d',
      RETURN_AFTER: '1d',
      RESERVATION_TTL: '10m',
    },
    payments: {
      ...production,
      PAYMENT_FAILURE_RATE: '0',
      PAYMENT_LATENCY_MS: String(options.paymentLatencyMs),
    },
    gateway: {
      ...production,
      GATEWAY_WORKERS: String(options.gatewayWorkers),
      RATE_LIMIT_MUTATIONS_PER_CLIENT: NO_LIMIT,
      RATE_LIMIT_MUTATIONS_PER_USER: NO_LIMIT,
      RATE_LIMIT_LOGIN_PER_CLIENT: NO_LIMIT,
      RATE_LIMIT_LOGIN_PER_ACCOUNT: NO_LIMIT,
      RATE_LIMIT_PLACE_ORDER_PER_CLIENT: NO_LIMIT,
      RATE_LIMIT_PLACE_ORDER_PER_USER: NO_LIMIT,
    },
  };
}

const benchPortBase = () => Number(process.env.FCFS_E2E_PORT_BASE ?? BENCH_PORT_BASE);

/** The five ports the bench's platform listens on, gateway first (test/support/platform.ts): the preflight checks them. */
export const benchPorts = (): number[] => [0, 1, 2, 3, 4].map((offset) => benchPortBase() + offset);

/** Hive Gateway's, beside the platform's five (`--scenario gateways`): the preflight checks it too. */
export const hiveGatewayPort = (): number => benchPortBase() + 5;

/** Imported lazily: the platform module reads FCFS_E2E_PORT_BASE once, when it is first loaded. */
export async function startBenchPlatform(options: BenchPlatformOptions): Promise<Platform> {
  process.env.FCFS_E2E_PORT_BASE ??= BENCH_PORT_BASE;
  process.env.E2E_LOG_LEVEL ??= 'error';
  const { Platform } = await import('../test/support/platform.ts');
  return Platform.start(benchOverrides(options));
}
