import { Redis } from 'ioredis';

export { Redis };

/**
 * Fails fast rather than queueing: during a flash sale a buyer is better served by a quick clear error
 * than by a request that hangs while Redis reconnects.
 */
export function createRedis(url: string, options: { connectionName?: string } = {}): Redis {
  return new Redis(url, {
    connectionName: options.connectionName,
    maxRetriesPerRequest: 2,
    connectTimeout: 2_000,
    enableOfflineQueue: true,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
  });
}
