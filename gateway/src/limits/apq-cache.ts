import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { Redis } from 'ioredis';

/**
 * Apollo's cache interface over the gateway's own ioredis connection, so every replica shares registered
 * persisted queries. Preferred to `@apollo/utils.keyvadapter` + `keyv` + `@keyv/redis`: those bring a second
 * Redis client library and connection for three commands, without the project's fail-fast settings.
 */
export function createRedisKeyValueCache(
  redis: Redis,
  prefix: string,
  defaultTtlSeconds: number,
): KeyValueCache {
  return {
    get: async (key) => (await redis.get(prefix + key)) ?? undefined,
    set: async (key: string, value: string, options?: KeyValueCacheSetOptions) => {
      const ttl = options?.ttl ?? defaultTtlSeconds;
      if (ttl === null || ttl <= 0) await redis.set(prefix + key, value);
      else await redis.set(prefix + key, value, 'EX', Math.ceil(ttl));
    },
    delete: async (key) => (await redis.del(prefix + key)) > 0,
  };
}
