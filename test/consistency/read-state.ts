import { createDatabase, type EventType, outbox, type Redis, stockKeys } from '@fcfs/shared';
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { products } from '../../subgraphs/catalog/src/db/schema/index.ts';
import { orderItems, orders } from '../../subgraphs/orders/src/db/schema/index.ts';
import { payments } from '../../subgraphs/payments/src/db/schema/index.ts';

export interface ConsistencySources {
  catalogDatabaseUrl: string;
  ordersDatabaseUrl: string;
  paymentsDatabaseUrl: string;
  redis: Redis;
}

export interface Scope {
  /** Only these products and the orders that touch them; everything when omitted. */
  productIds?: string[];
}

export interface Hold {
  orderId: string;
  userId: string;
  quantity: number;
}

type Database = ReturnType<typeof createDatabase>['db'];

/** How many `type` events each order's aggregate has in a subgraph's outbox (keyed by order id). */
async function eventCounts(db: Database, type: EventType, orderIds: string[]): Promise<Map<string, number>> {
  if (orderIds.length === 0) return new Map();
  const key = sql<string>`JSON_UNQUOTE(JSON_EXTRACT(${outbox.envelope}, '$.key'))`;
  const rows = await db
    .select({ orderId: key, events: count() })
    .from(outbox)
    .where(and(eq(outbox.type, type), inArray(key, orderIds)))
    .groupBy(key);
  return new Map(rows.map((row) => [row.orderId, row.events]));
}

/** A read-only snapshot of the four stores, taken product by product once the system is quiet. */
export async function readState(sources: ConsistencySources, scope: Scope = {}) {
  const catalog = createDatabase(sources.catalogDatabaseUrl, {}, { connectionLimit: 1 });
  const ordersDb = createDatabase(sources.ordersDatabaseUrl, {}, { connectionLimit: 1 });
  const paymentsDb = createDatabase(sources.paymentsDatabaseUrl, {}, { connectionLimit: 1 });
  try {
    const productIds = scope.productIds?.map(Number);
    const productRows = await catalog.db
      .select({ id: products.id, stock: products.stock, unitsReceived: products.unitsReceived })
      .from(products)
      .where(productIds ? inArray(products.id, productIds) : undefined);

    const ids = productRows.map((row) => String(row.id));
    const itemRows =
      ids.length === 0
        ? []
        : await ordersDb.db
            .select({
              orderId: orderItems.orderId,
              productId: orderItems.productId,
              quantity: orderItems.quantity,
            })
            .from(orderItems)
            .where(inArray(orderItems.productId, ids));
    const orderIds = [...new Set(itemRows.map((row) => row.orderId))];
    const orderRows =
      orderIds.length === 0
        ? []
        : await ordersDb.db
            .select({
              id: orders.id,
              status: orders.status,
              paidAt: orders.paidAt,
              reservedUntil: orders.reservedUntil,
            })
            .from(orders)
            .where(inArray(orders.id, orderIds));
    const paymentRows =
      orderIds.length === 0
        ? []
        : await paymentsDb.db
            .select({ orderId: payments.orderId, status: payments.status })
            .from(payments)
            .where(inArray(payments.orderId, orderIds));

    const announcements = {
      charged: await eventCounts(paymentsDb.db, 'payment.succeeded', orderIds),
      paid: await eventCounts(ordersDb.db, 'order.paid', orderIds),
    };

    const redisState = await Promise.all(
      ids.map(async (id) => {
        const keys = stockKeys(id);
        const [counters, holds] = await Promise.all([
          sources.redis.hmget(keys.stock, 'available', 'reserved'),
          sources.redis.hgetall(keys.holds),
        ]);
        const parsedHolds: Hold[] = Object.entries(holds).map(([orderId, value]) => {
          const [userId = '', quantity = '0'] = value.split('|');
          return { orderId, userId, quantity: Number(quantity) };
        });
        return {
          productId: id,
          available: counters[0] === null ? null : Number(counters[0]),
          reserved: counters[1] === null ? null : Number(counters[1]),
          holds: parsedHolds,
        };
      }),
    );
    return {
      products: productRows,
      items: itemRows,
      orders: orderRows,
      payments: paymentRows,
      announcements,
      redis: redisState,
    };
  } finally {
    await Promise.all([catalog.close(), ordersDb.close(), paymentsDb.close()]);
  }
}

export type ConsistencyState = Awaited<ReturnType<typeof readState>>;
