import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createRedis, isCluster, type Redis, stockKeys } from '@fcfs/shared';
import { testRedisTarget } from '@fcfs/shared/testing';
import { type Buyer, createProduct, eventually, loginAdmin, signUpBuyer } from '../support/buyers.ts';
import { Platform } from '../support/platform.ts';
import { violationsOf } from '../support/violations.ts';

// Only on the local Redis Cluster (scripts/test.sh runs it there): one Redis has no replica to fail over to.
const clustered = (process.env.REDIS_CLUSTER_NODES ?? '') !== '';
const UNITS = 60;
const WAVE = 40;

let platform: Platform;
let redis: Redis;
before(async () => {
  if (!clustered) return;
  platform = await Platform.start();
  redis = createRedis(testRedisTarget());
});
after(async () => {
  redis?.disconnect();
  await platform?.close();
  // Whatever the test's outcome, the cluster is left whole for the tests after it.
  restartKilledNode();
});

/** The primary serving a product's slot, as host and port, from the cluster's own slot table. */
async function primaryOf(productId: string): Promise<{ host: string; port: number }> {
  const slot = Number(await redis.call('CLUSTER', 'KEYSLOT', stockKeys(productId).stock));
  const ranges = (await redis.call('CLUSTER', 'SLOTS')) as [number, number, [string, number, ...unknown[]]][];
  const range = ranges.find(([from, to]) => from <= slot && slot <= to);
  if (!range) throw new Error(`no node serves slot ${slot}`);
  const [host, port] = range[2];
  return { host, port };
}

async function serverInfo(port: number, section: string): Promise<string> {
  const node = createRedis(`redis://127.0.0.1:${port}`);
  try {
    return await node.info(section);
  } finally {
    node.disconnect();
  }
}

/** How a node ran: its directory holds its nodes.conf, so a restart there keeps its identity in the cluster. */
interface NodeSettings {
  port: number;
  dir: string;
  nodeTimeout: string;
}

async function settingsOf(port: number): Promise<NodeSettings> {
  const node = createRedis(`redis://127.0.0.1:${port}`);
  try {
    const [, dir] = (await node.config('GET', 'dir')) as [string, string];
    const [, nodeTimeout] = (await node.config('GET', 'cluster-node-timeout')) as [string, string];
    return { port, dir, nodeTimeout };
  } finally {
    node.disconnect();
  }
}

/** The node killed by the test, to be started again whatever the test's outcome. */
let killed: NodeSettings | undefined;

/**
 * Starts the killed node again as it ran (the flags of scripts/lib/infra-redis-cluster.sh), in its own
 * directory, whichever checkout started the cluster: a node started afresh elsewhere would join under a new
 * id and leave its old one behind as a failed node. Returns redis-server's exit status (0: daemonized).
 */
function restartKilledNode(): number | null {
  if (!killed) return 0;
  const { port, dir, nodeTimeout } = killed;
  killed = undefined;
  const started = spawnSync(
    'redis-server',
    [
      ...['--bind', '127.0.0.1', '--port', String(port), '--cluster-enabled', 'yes'],
      ...['--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', nodeTimeout, '--dir', dir],
      ...['--save', '', '--appendonly', 'no', '--daemonize', 'yes', '--pidfile', `${dir}/redis.pid`],
      ...['--logfile', `${dir}/redis.log`],
    ],
    { encoding: 'utf8' },
  );
  if (started.status !== 0) process.stderr.write(started.stderr);
  return started.status;
}

const field = (info: string, name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();

test('a primary killed mid-sale: its replica takes over, the counters are recounted, 0 oversold', {
  skip: !clustered && 'needs the local Redis Cluster (REDIS_CLUSTER_NODES; scripts/test.sh sets it)',
}, async () => {
  assert.ok(isCluster(redis));
  const adminToken = await loginAdmin(platform);
  const productId = await createProduct(platform, adminToken, {
    name: `failover ${randomUUID()}`,
    stock: UNITS,
  });
  const buyers: Buyer[] = [];
  for (let start = 0; start < 3 * WAVE; start += 20) {
    buyers.push(...(await Promise.all(Array.from({ length: 20 }, () => signUpBuyer(platform)))));
  }
  const place = (buyer: Buyer, key: string) =>
    platform.graphql<{ placeOrder: { id: string } }>(
      /* GraphQL */ `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`,
      { input: { items: [{ productId, quantity: 1 }], idempotencyKey: key } },
      buyer.accessToken,
    );
  const wave = (from: number) =>
    Promise.all(buyers.slice(from, from + WAVE).map((buyer) => place(buyer, randomUUID())));

  const before = await wave(0);
  const primary = await primaryOf(productId);
  const pid = Number(field(await serverInfo(primary.port, 'server'), 'process_id'));
  assert.ok(pid > 0);
  const settings = await settingsOf(primary.port);
  // Mid-sale: the second wave is in flight when the primary's process dies without a word.
  const during = wave(WAVE);
  process.kill(pid, 'SIGKILL');
  killed = settings;
  const duringResults = await during;

  // Asked of any node: while the dead one is still in the client's table, the question may go to it.
  const promoted = await eventually(
    () => primaryOf(productId).catch(() => primary),
    (now) => now.port !== primary.port,
    30_000,
  );
  const after = await wave(2 * WAVE);

  const results = [...before, ...duringResults, ...after];
  const codes = results.flatMap((result) => result.errors?.map((error) => error.extensions?.code) ?? []);
  assert.deepEqual(
    codes.filter((code) => code !== 'OUT_OF_STOCK' && code !== 'TEMPORARILY_UNAVAILABLE'),
    [],
  );
  const placed = results.filter((result) => result.data?.placeOrder).length;
  assert.ok(placed <= UNITS, `${placed} orders for ${UNITS} units`);
  assert.ok(placed >= WAVE, 'the sale went on before and after the failover');

  // Payments settle every order; then Redis, MySQL and payments agree, whatever the failover lost.
  const violations = await eventually(
    () => violationsOf(productId),
    (found) => found.length === 0,
    90_000,
  );
  assert.deepEqual(violations, []);
  assert.notEqual(promoted.port, primary.port);

  // The killed node comes back and rejoins as the new primary's replica.
  assert.equal(restartKilledNode(), 0);
  const replication = await eventually(
    () => serverInfo(primary.port, 'replication'),
    (info) => field(info, 'role') === 'slave' && field(info, 'master_link_status') === 'up',
    30_000,
  );
  assert.equal(field(replication, 'master_port'), String(promoted.port));
});
