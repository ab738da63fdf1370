import { createRedis } from '@fcfs/shared';
import { checkConsistency } from '../test/consistency/index.ts';

/**
 * The stock invariants (docs/architecture.md#stock-rules) for one product (nothing oversold, Redis available
 * + reserved = MySQL on hand), with the suite's own checker. Catalog applies `order.paid` a moment after
 * orders does, so it polls until the product is consistent or `timeoutMs` passed; returns what is still
 * violated.
 */
export async function auditProduct(productId: string, timeoutMs: number): Promise<string[]> {
  const redis = createRedis(process.env.REDIS_URL ?? '');
  const deadline = performance.now() + timeoutMs;
  try {
    for (;;) {
      const violations = await checkConsistency(
        {
          catalogDatabaseUrl: process.env.CATALOG_DATABASE_URL ?? '',
          ordersDatabaseUrl: process.env.ORDERS_DATABASE_URL ?? '',
          paymentsDatabaseUrl: process.env.PAYMENTS_DATABASE_URL ?? '',
          redis,
        },
        { productIds: [productId] },
      );
      if (violations.length === 0 || performance.now() > deadline) {
        return violations.map((violation) => `${violation.rule} ${violation.subject}: ${violation.detail}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    redis.disconnect();
  }
}
