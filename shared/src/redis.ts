import { Redis } from 'ioredis';

export { Redis };

/**
 * Fails fast rather than queueing: during a flash sale a buyer is better served by a quick clear error
 * than by a request that hangs while Redis reconnects. Commands issued in the same tick (the reservations of
 * concurrent buyers) leave in one write: one syscall for many, which is most of a command's cost here.
 */
export function createRedis(url: string, options: { connectionName?: string } = {}): Redis {
  return new Redis(url, {
    connectionName: options.connectionName,
    maxRetriesPerRequest: 2,
    connectTimeout: 2_000,
    enableOfflineQueue: true,
    enableAutoPipelining: true,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
  });
}
