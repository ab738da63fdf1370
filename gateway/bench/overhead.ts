/**
 * The gateway's overhead on the hottest read: `product(id)` through the gateway against the catalog subgraph
 * called directly (with a valid signature), both under 50 concurrent clients. Catalog and the gateway run as
 * their own processes (their `main.ts`), so the load generator does not share their event loops.
 *
 *   bash scripts/run.sh bash -c 'source scripts/lib/local-env.sh && load_local_env && node gateway/bench/overhead.ts'
 *
 * Env: BENCH_CONNECTIONS (50), BENCH_DURATION seconds per run (10), BENCH_WARMUP seconds (3).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { signUserContext } from '@fcfs/shared';
import { requireTestEnv } from '@fcfs/shared/testing';
import autocannon from 'autocannon';

const ROOT = new URL('../../', import.meta.url).pathname;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

const children: ChildProcess[] = [];

async function startService(name: string, entry: string, env: Record<string, string>, port: number) {
  const child = spawn(process.execPath, [entry], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    const healthy = await fetch(`http://127.0.0.1:${port}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return `http://127.0.0.1:${port}/graphql`;
    if (Date.now() > deadline) throw new Error(`${name} not healthy within 60s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

interface Run {
  p50: number;
  p99: number;
  rps: number;
  failures: number;
}

function load(
  url: string,
  body: string,
  headers: () => Record<string, string>,
  seconds: number,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        method: 'POST',
        connections: CONNECTIONS,
        duration: seconds,
        body,
        headers: { 'content-type': 'application/json', ...headers() },
      },
      (error, result) => {
        if (error) reject(error);
        else {
          resolve({
            p50: result.latency.p50,
            p99: result.latency.p99,
            rps: result.requests.average,
            failures: result.non2xx + result.errors + result.timeouts,
          });
        }
      },
    );
  });
}

const secret = requireTestEnv('GATEWAY_SIGNING_SECRET');
try {
  const catalogUrl = await startService(
    'catalog',
    'subgraphs/catalog/src/main.ts',
    { DATABASE_URL: requireTestEnv('CATALOG_DATABASE_URL') },
    await freePort(),
  );
  const unreachable = 'http://127.0.0.1:9/graphql';
  const gatewayUrl = await startService(
    'gateway',
    'gateway/src/main.ts',
    { CATALOG_URL: catalogUrl, USERS_URL: unreachable, ORDERS_URL: unreachable, PAYMENTS_URL: unreachable },
    await freePort(),
  );

  const firstProduct = { query: '{ products(first: 1) { edges { node { id } } } }', variables: {} };
  const listed = (await fetch(catalogUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signUserContext(secret, null, firstProduct) },
    body: JSON.stringify(firstProduct),
  }).then((response) => response.json())) as { data?: { products: { edges: { node: { id: string } }[] } } };
  const id = listed.data?.products.edges[0]?.node.id;
  if (!id) throw new Error('catalog has no product: run `pnpm seed` first');

  const operation = {
    query: 'query Product($id: ID!) { product(id: $id) { id name price availableStock saleStatus } }',
    variables: { id },
  };
  const body = JSON.stringify(operation);
  // Signed right before each run: a signature is good for a minute, a run lasts seconds.
  const signed = () => signUserContext(secret, null, operation);
  const unsigned = () => ({});

  const measure = async (label: string, url: string, headers: () => Record<string, string>) => {
    await load(url, body, headers, WARMUP);
    const run = await load(url, body, headers, DURATION);
    process.stdout.write(
      `${label.padEnd(26)} p50 ${String(run.p50).padStart(4)} ms   p99 ${String(run.p99).padStart(4)} ms   ${run.rps.toFixed(0).padStart(6)} req/s   failures ${run.failures}\n`,
    );
    return run;
  };

  process.stdout.write(
    `product(id), ${CONNECTIONS} concurrent clients, ${DURATION}s per run after ${WARMUP}s warm-up\n`,
  );
  const direct = await measure('catalog directly (signed)', catalogUrl, signed);
  const gateway = await measure('through the gateway', gatewayUrl, unsigned);
  process.stdout.write(
    `gateway / direct: median latency ×${(gateway.p50 / Math.max(direct.p50, 1)).toFixed(2)}, throughput ×${(gateway.rps / direct.rps).toFixed(2)}\n`,
  );
  if (direct.failures + gateway.failures > 0) process.exitCode = 1;
} finally {
  for (const child of children) child.kill('SIGTERM');
}
