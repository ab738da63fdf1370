import { createHash } from 'node:crypto';
import { Cluster, Redis as SingleRedis } from 'ioredis';

/** One Redis server or a Redis Cluster: every service talks to either through the same commands. */
export type Redis = SingleRedis | Cluster;

/** Where Redis is: `REDIS_URL` for one server; `REDIS_CLUSTER_NODES` (seed nodes) switches to a cluster. */
export interface RedisTarget {
  url: string;
  clusterNodes?: readonly { host: string; port: number }[] | undefined;
}

/**
 * Fails fast rather than queueing: during a flash sale a buyer is better served by a quick clear error
 * than by a request that hangs while Redis reconnects. Commands issued in the same tick (the reservations of
 * concurrent buyers) leave in one write: one syscall for many, which is most of a command's cost here. The
 * password and TLS of `REDIS_URL` apply to every node of a cluster.
 */
export function createRedis(target: string | RedisTarget, options: { connectionName?: string } = {}): Redis {
  const { url, clusterNodes } =
    typeof target === 'string' ? { url: target, clusterNodes: undefined } : target;
  const common = {
    connectionName: options.connectionName,
    maxRetriesPerRequest: 2,
    connectTimeout: 2_000,
    enableOfflineQueue: true,
    enableAutoPipelining: true,
    retryStrategy: (attempt: number) => Math.min(attempt * 100, 2_000),
  };
  if (!clusterNodes?.length) return new SingleRedis(url, common);
  const parsed = new URL(url);
  return new Cluster([...clusterNodes], {
    enableOfflineQueue: true,
    // Not on a cluster: ioredis batches by node and, when a failover moves slots, answers a batch's commands
    // with MOVED instead of following it (ioredis#2075), which reached buyers as errors. Measured without it:
    // the reservation script runs faster on the cluster, not slower (bench/redis-cluster.ts).
    enableAutoPipelining: false,
    clusterRetryStrategy: common.retryStrategy,
    // A failover moves slots: MOVED/TRYAGAIN replies are followed within these bounds, then the command fails.
    maxRedirections: 16,
    retryDelayOnFailover: 200,
    retryDelayOnTryAgain: 100,
    retryDelayOnClusterDown: 200,
    slotsRefreshTimeout: 2_000,
    redisOptions: {
      connectionName: common.connectionName,
      maxRetriesPerRequest: common.maxRetriesPerRequest,
      connectTimeout: common.connectTimeout,
      username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
      password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
      tls: parsed.protocol === 'rediss:' ? {} : undefined,
    },
  });
}

/** The servers that own slots: a SCAN covers the whole keyspace only when it runs on each of them. */
export function primaries(redis: Redis): SingleRedis[] {
  return redis instanceof Cluster ? redis.nodes('master') : [redis];
}

export const isCluster = (redis: Redis): redis is Cluster => redis instanceof Cluster;

/** The Redis a service's validated config names (`redisEnv`). */
export const redisTarget = (config: {
  REDIS_URL: string;
  REDIS_CLUSTER_NODES: readonly { host: string; port: number }[];
}): RedisTarget => ({ url: config.REDIS_URL, clusterNodes: config.REDIS_CLUSTER_NODES });

export interface LuaScript {
  lua: string;
  sha: string;
}

export const luaScript = (lua: string): LuaScript => ({
  lua,
  sha: createHash('sha1').update(lua).digest('hex'),
});

/**
 * EVALSHA, then EVAL once a server does not know the script (a fresh or failed-over node). Not ioredis's
 * defineCommand: it routes a custom command by its first argument, the key count, so on a cluster the call
 * goes to whichever node owns the slot of "5". EVALSHA's keys are known to ioredis, so it finds their node.
 */
export async function runScript(
  redis: Redis,
  script: LuaScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  try {
    return await redis.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return redis.eval(script.lua, keys.length, ...keys, ...args);
  }
}

const addressOf = (node: SingleRedis) => `${node.options.host}:${node.options.port}`;

/**
 * Calls `listener` with each server that becomes a primary after the client first learned the cluster's
 * shape: a replica promoted by a failover. Asynchronous replication means it may lack the writes its old
 * primary acknowledged last. Returns a function that stops watching.
 */
export function onPrimaryPromoted(redis: Cluster, listener: (node: SingleRedis) => void): () => void {
  let known: Set<string> | undefined;
  const refreshed = () => {
    const primaries = redis.nodes('master');
    const previous = known;
    known = new Set(primaries.map(addressOf));
    if (!previous) return;
    for (const node of primaries) if (!previous.has(addressOf(node))) listener(node);
  };
  redis.on('refresh', refreshed);
  return () => {
    redis.off('refresh', refreshed);
  };
}
