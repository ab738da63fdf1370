import { createDatabase, createRedis, stockKeys } from '@fcfs/shared';
import { inArray, sql } from 'drizzle-orm';
import { outbox as catalogOutbox, products } from '../subgraphs/catalog/src/db/schema/index.ts';
import {
  orderItems,
  orderStatusHistory,
  orders,
  outbox as ordersOutbox,
  pendingHoldSteps,
} from '../subgraphs/orders/src/db/schema/index.ts';
import { payments, outbox as paymentsOutbox, refunds } from '../subgraphs/payments/src/db/schema/index.ts';

const CHUNK = 500;
const keyOf = (table: typeof ordersOutbox) =>
  sql<string>`JSON_UNQUOTE(JSON_EXTRACT(${table.envelope}, '$.key'))`;

/**
 * Deletes the bench's products with their orders, payments, events and Redis counters once it has measured
 * them. The bench runs orders with production durations, so it would leave thousands of PAID orders behind,
 * and the next test run's second-scale scheduler would spend its passes shipping them instead of the tests'
 * own orders. Everything of a product goes, so the consistency checker has nothing half-deleted to report.
 */
export async function purgeBenchSales(productIds: readonly string[]): Promise<number> {
  if (productIds.length === 0) return 0;
  const ordersDb = createDatabase(requireEnv('ORDERS_DATABASE_URL'), {}, { connectionLimit: 1 });
  const paymentsDb = createDatabase(requireEnv('PAYMENTS_DATABASE_URL'), {}, { connectionLimit: 1 });
  const catalogDb = createDatabase(requireEnv('CATALOG_DATABASE_URL'), {}, { connectionLimit: 1 });
  const redis = createRedis(requireEnv('REDIS_URL'));
  try {
    const lines = await ordersDb.db
      .selectDistinct({ orderId: orderItems.orderId })
      .from(orderItems)
      .where(inArray(orderItems.productId, [...productIds]));
    const ids = lines.map((line) => line.orderId);
    for (let start = 0; start < ids.length; start += CHUNK) {
      const chunk = ids.slice(start, start + CHUNK);
      await ordersDb.db.transaction(async (tx) => {
        await tx.delete(ordersOutbox).where(inArray(keyOf(ordersOutbox), chunk));
        await tx.delete(orderItems).where(inArray(orderItems.orderId, chunk));
        await tx.delete(orderStatusHistory).where(inArray(orderStatusHistory.orderId, chunk));
        await tx.delete(pendingHoldSteps).where(inArray(pendingHoldSteps.orderId, chunk));
        await tx.delete(orders).where(inArray(orders.id, chunk));
      });
      await paymentsDb.db.transaction(async (tx) => {
        await tx.delete(paymentsOutbox).where(inArray(keyOf(paymentsOutbox), chunk));
        await tx.delete(refunds).where(inArray(refunds.orderId, chunk));
        await tx.delete(payments).where(inArray(payments.orderId, chunk));
      });
    }
    await catalogDb.db.transaction(async (tx) => {
      await tx.delete(catalogOutbox).where(inArray(keyOf(catalogOutbox), [...productIds]));
      await tx.delete(products).where(inArray(products.id, productIds.map(Number)));
    });
    await redis.del(...productIds.flatMap((id) => Object.values(stockKeys(id))));
    return ids.length;
  } finally {
    redis.disconnect();
    await Promise.all([ordersDb.close(), paymentsDb.close(), catalogDb.close()]);
  }
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required (run through pnpm bench, which loads .infra/local.env)`);
  return value;
}
