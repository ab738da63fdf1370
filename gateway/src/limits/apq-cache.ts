import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { Redis } from '@fcfs/shared';

export interface ApqStoreLimits {
  /** Seconds a persisted query stays after its last registration or use. */
  ttlSeconds: number;
  /** Most persisted queries kept; the least recently used go first. */
  maxEntries: number;
}

/**
 * Every key shares the `{gateway}` hash tag, so the scripts touch one Redis Cluster slot: the entries and
 * the index of when each was last used (a sorted set, scored in ms).
 */
const PREFIX = '{gateway}:';
const INDEX = `${PREFIX}apq-index`;

/** KEYS: entry, index. ARGV: ttl (s), now (ms), member. Returns the query and marks it used, or nil. */
const GET_LUA = `
local query = redis.call('GET', KEYS[1])
if not query then return false end
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return query
`;

/**
 * KEYS: entry, index. ARGV: query, ttl (s), now (ms), member, max entries, key prefix. Forgets index entries
 * whose key has expired, then evicts the least recently used entries beyond the budget. The evicted keys are
 * built here from the prefix: they cannot be known before the script runs, and share the hash tag.
 */
const SET_LUA = `
local ttl = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
redis.call('SET', KEYS[1], ARGV[1], 'EX', ttl)
redis.call('ZADD', KEYS[2], now, ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - ttl * 1000)
local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[5])
if over > 0 then
  local evicted = redis.call('ZPOPMIN', KEYS[2], over)
  for i = 1, #evicted, 2 do redis.call('DEL', ARGV[6] .. evicted[i]) end
end
return 0
`;

/**
 * Apollo's cache interface for registered persisted queries, over the gateway's own ioredis connection, so
 * every replica shares them. It lives in the Redis that holds stock, so it is bounded: at most `maxEntries`
 * queries (each at most the APQ size cap, checked before registration), least recently used evicted first.
 * An evicted query costs its client one PERSISTED_QUERY_NOT_FOUND and a registration, as APQ intends.
 * Preferred to `@apollo/utils.keyvadapter` + `keyv` + `@keyv/redis`: those bring a second Redis client
 * library and connection for three commands, without the project's fail-fast settings, nor a budget.
 */
export function createApqStore(redis: Redis, limits: ApqStoreLimits): KeyValueCache {
  const ttlOf = (options?: KeyValueCacheSetOptions) => {
    const ttl = options?.ttl;
    return typeof ttl === 'number' && ttl > 0 ? Math.ceil(ttl) : limits.ttlSeconds;
  };
  return {
    get: async (key) => {
      const query = await redis.eval(GET_LUA, 2, PREFIX + key, INDEX, limits.ttlSeconds, Date.now(), key);
      return typeof query === 'string' ? query : undefined;
    },
    set: async (key: string, value: string, options?: KeyValueCacheSetOptions) => {
      await redis.eval(
        SET_LUA,
        2,
        PREFIX + key,
        INDEX,
        value,
        ttlOf(options),
        Date.now(),
        key,
        limits.maxEntries,
        PREFIX,
      );
    },
    delete: async (key) => {
      const [deleted] =
        (await redis
          .multi()
          .del(PREFIX + key)
          .zrem(INDEX, key)
          .exec()) ?? [];
      return deleted?.[1] === 1;
    },
  };
}
