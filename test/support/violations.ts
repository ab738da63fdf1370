import { createRedis } from '@fcfs/shared';
import { requireTestEnv, testRedisTarget } from '@fcfs/shared/testing';
import { checkConsistency, type Violation } from '../consistency/index.ts';

/** The consistency checker over the test stores, for one product: an empty list means consistent. */
export async function violationsOf(productId: string): Promise<Violation[]> {
  const redis = createRedis(testRedisTarget());
  try {
    return await checkConsistency(
      {
        catalogDatabaseUrl: requireTestEnv('CATALOG_DATABASE_URL'),
        ordersDatabaseUrl: requireTestEnv('ORDERS_DATABASE_URL'),
        paymentsDatabaseUrl: requireTestEnv('PAYMENTS_DATABASE_URL'),
        redis,
      },
      { productIds: [productId] },
    );
  } finally {
    redis.disconnect();
  }
}
