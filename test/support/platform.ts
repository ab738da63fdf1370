import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { requireTestEnv } from '@fcfs/shared/testing';

const ROOT = new URL('../../', import.meta.url).pathname;
const LOG_DIR = `${ROOT}.infra/logs/e2e`;

/** Every service starts the way `pnpm start` and compose start it: with the tracing hook loaded first. */
const TRACING_HOOK = '@fcfs/shared/register-tracing';

export const SERVICES = ['users', 'catalog', 'orders', 'payments', 'gateway'] as const;
export type Service = (typeof SERVICES)[number];

/**
 * Ports away from `pnpm start`'s 4000–4004, so the suite can run beside a running platform; FCFS_E2E_PORT_BASE
 * moves them again, so a benchmark can run its own platform beside the suite.
 */
const PORT_BASE = Number(process.env.FCFS_E2E_PORT_BASE ?? 14_000);
const BASE_PORTS: Record<Service, number> = {
  gateway: PORT_BASE,
  users: PORT_BASE + 1,
  catalog: PORT_BASE + 2,
  orders: PORT_BASE + 3,
  payments: PORT_BASE + 4,
};

/**
 * The scale-out tests run a second replica of gateway, orders and payments; replica n listens 10 × (n − 1)
 * above the first.
 */
export type Replica = 1 | 2;
const portOf = (service: Service, replica: Replica = 1) => BASE_PORTS[service] + 10 * (replica - 1);
const keyOf = (service: Service, replica: Replica) => `${service}#${replica}`;

/** Second-scale lifecycle and a processor that always answers fast: journeys finish within a test. */
const TEST_ENV: Record<Service, Record<string, string>> = {
  // Every test buyer comes from 127.0.0.1: the per-address limits would count them all as one client.
  users: {
    BCRYPT_COST: '4',
    VERIFICATION_REQUESTS_PER_CLIENT_PER_MINUTE: '100000',
    LOGIN_ATTEMPTS_PER_CLIENT_PER_MINUTE: '100000',
  },
  catalog: {},
  orders: {
    SHIP_AFTER: '2s',
    DELIVER_AFTER: '2s',
    RETURN_WINDOW: '1m',
    RETURN_AFTER: '2s',
    RESERVATION_TTL: '1m',
  },
  payments: { PAYMENT_FAILURE_RATE: '0', PAYMENT_LATENCY_MS: '50' },
  // One gateway process: the worker cluster has a test of its own (test/e2e/gateway-workers.test.ts).
  gateway: {
    GATEWAY_WORKERS: '1',
    RATE_LIMIT_MUTATIONS_PER_CLIENT: '1000000',
    RATE_LIMIT_MUTATIONS_PER_USER: '1000',
  },
};

/** `subgraphPorts`: where a gateway sends each subgraph's share of a query. */
function serviceEnv(
  service: Service,
  port: number,
  subgraphPorts: Record<Service, number>,
  overrides: Record<string, string>,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
    PORT: String(port),
    OTEL_SERVICE_NAME: service,
    ...TEST_ENV[service],
    ...overrides,
  };
  if (service === 'gateway') {
    for (const subgraph of SERVICES.filter((name) => name !== 'gateway')) {
      env[`${subgraph.toUpperCase()}_URL`] = `http://127.0.0.1:${subgraphPorts[subgraph]}/graphql`;
    }
  } else {
    env.DATABASE_URL = requireTestEnv(`${service.toUpperCase()}_DATABASE_URL`);
  }
  return env;
}

async function waitHealthy(
  service: string,
  port: number,
  child: ChildProcess,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${service} exited with ${child.exitCode}; see ${LOG_DIR}/${service}.log`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${service} did not become healthy within ${timeoutMs} ms; see ${LOG_DIR}/${service}.log`);
}

export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** From the signal to the process being gone. */
  ms: number;
  killedAfterTimeout: boolean;
}

export interface GraphQLResult<Data = Record<string, unknown>> {
  status: number;
  data?: Data | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/**
 * The whole platform as real processes (the same entry points `pnpm start` runs), for end-to-end and fault
 * tests: clients talk to the gateway only; a test may stop, kill and restart any one service.
 */
export class Platform {
  readonly gatewayUrl = this.urlOf('gateway');
  private readonly children = new Map<string, ChildProcess>();
  private readonly overrides: Partial<Record<Service, Record<string, string>>>;

  constructor(overrides: Partial<Record<Service, Record<string, string>>> = {}) {
    this.overrides = overrides;
  }

  static async start(overrides: Partial<Record<Service, Record<string, string>>> = {}): Promise<Platform> {
    const platform = new Platform(overrides);
    try {
      await Promise.all(
        SERVICES.filter((service) => service !== 'gateway').map((service) => platform.startService(service)),
      );
      await platform.startService('gateway');
    } catch (error) {
      await platform.close();
      throw error;
    }
    return platform;
  }

  /** A service's own GraphQL endpoint, for tests that bypass the gateway the way an attacker would. */
  urlOf(service: Service, replica: Replica = 1): string {
    return `http://127.0.0.1:${portOf(service, replica)}/graphql`;
  }

  /**
   * Starts one process of `service`. A gateway replica sends each subgraph's work to the subgraph replica of
   * its own number when one runs, else to the first.
   */
  async startService(
    service: Service,
    extraEnv: Record<string, string> = {},
    replica: Replica = 1,
  ): Promise<void> {
    mkdirSync(LOG_DIR, { recursive: true });
    const name = replica === 1 ? service : `${service}-${replica}`;
    const log = createWriteStream(`${LOG_DIR}/${name}.log`, { flags: 'a' });
    const entry = service === 'gateway' ? 'gateway/src/main.ts' : `subgraphs/${service}/src/main.ts`;
    const subgraphPorts = Object.fromEntries(
      SERVICES.map((subgraph) => [
        subgraph,
        portOf(subgraph, this.children.has(keyOf(subgraph, replica)) ? replica : 1),
      ]),
    ) as Record<Service, number>;
    const child = spawn(process.execPath, ['--import', TRACING_HOOK, entry], {
      cwd: ROOT,
      env: serviceEnv(service, portOf(service, replica), subgraphPorts, {
        ...this.overrides[service],
        ...extraEnv,
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.children.set(keyOf(service, replica), child);
    await waitHealthy(name, portOf(service, replica), child);
  }

  /**
   * SIGTERM (graceful) or SIGKILL (crash); resolves once the process is gone, with how it went. A service
   * still alive 15 s after SIGTERM is killed, and says so (`killedAfterTimeout`).
   */
  async stopService(
    service: Service,
    signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM',
    replica: Replica = 1,
  ): Promise<ServiceExit | undefined> {
    const key = keyOf(service, replica);
    const child = this.children.get(key);
    if (!child || child.exitCode !== null || child.signalCode !== null) return undefined;
    const startedAt = Date.now();
    const exited = new Promise<Omit<ServiceExit, 'ms' | 'killedAfterTimeout'>>((resolve) =>
      child.once('exit', (code, exitSignal) => resolve({ code, signal: exitSignal })),
    );
    child.kill(signal);
    let killedAfterTimeout = false;
    const forced = setTimeout(() => {
      killedAfterTimeout = true;
      child.kill('SIGKILL');
    }, 15_000);
    const exit = await exited;
    clearTimeout(forced);
    this.children.delete(key);
    return { ...exit, ms: Date.now() - startedAt, killedAfterTimeout };
  }

  /** The process id of a running service, for benches that account for its CPU. */
  pidOf(service: Service, replica: Replica = 1): number | undefined {
    return this.children.get(keyOf(service, replica))?.pid;
  }

  async graphql<Data = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    token?: string,
    gateway: Replica = 1,
  ): Promise<GraphQLResult<Data>> {
    const response = await fetch(this.urlOf('gateway', gateway), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Omit<GraphQLResult<Data>, 'status'>;
    return { status: response.status, ...body };
  }

  async close(): Promise<void> {
    await Promise.all([this.stopService('gateway'), this.stopService('gateway', 'SIGTERM', 2)]);
    await Promise.all(
      [...this.children.keys()].map((key) => {
        const [service, replica] = key.split('#') as [Service, string];
        return this.stopService(service, 'SIGTERM', Number(replica) as Replica);
      }),
    );
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
