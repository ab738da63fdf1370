import { baseEnv, databaseEnv, duration, kafkaEnv, portEnv, redisEnv, signingEnv } from '@fcfs/shared';
import { z } from 'zod';
import { STOCK_STRATEGIES } from './domain/stock/stock-reservations.ts';

export const ordersEnv = z
  .object({
    ...baseEnv,
    ...portEnv(4003),
    ...databaseEnv,
    ...redisEnv,
    ...kafkaEnv,
    ...signingEnv,
    /** How placeOrder reserves: the shared Lua script (lock-free), or the seed design's locks, for the bench. */
    STOCK_STRATEGY: z.enum(STOCK_STRATEGIES).default('lua'),
    SHIP_AFTER: duration('1d'),
    DELIVER_AFTER: duration('1d'),
    RETURN_WINDOW: duration('1d'),
    RETURN_AFTER: duration('1d'),
    RESERVATION_TTL: duration('10m'),
    /**
     * How long a placed order id is remembered in Redis beside its product's counters: a replay of the same
     * idempotency key within it is recognised without MySQL, whatever the stock says by then.
     */
    IDEMPOTENCY_WINDOW: duration('1d').refine((ms) => ms >= 60_000, 'must be at least 1m'),
    /** Group commit: how long an order waits for others to share its transaction, and the most in one. */
    ORDER_WRITE_WINDOW: duration('2ms'),
    ORDER_WRITE_BATCH: z.coerce.number().int().min(1).max(1_000).default(100),
    /** How often the scheduler looks for due orders, and how long its lease lives without renewal. */
    SCHEDULER_INTERVAL: duration('1s'),
    SCHEDULER_LEASE: duration('10s'),
    /** Longer than any order write can take: a hold without an order this old belongs to a crashed write. */
    ORPHAN_HOLD_GRACE: duration('1m'),
    SCHEDULER_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(200),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(500).default(20),
  })
  .superRefine((env, ctx) => {
    if (env.STOCK_STRATEGY !== 'lua' && env.REDIS_CLUSTER_NODES.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['STOCK_STRATEGY'],
        message:
          'only lua runs on Redis Cluster (redlock and db-lock read all products of an order in one pipeline)',
      });
    }
  });

export type OrdersConfig = z.output<typeof ordersEnv>;
