import { randomUUID } from 'node:crypto';
import {
  createKafka,
  createLogger,
  createRedis,
  type EventEnvelope,
  type EventType,
  ensureTopics,
  loadConfig,
  type RunningServer,
  redisTarget,
  runMigrations,
  type SaleMetadata,
  StockCounters,
  serveGraphQL,
  stockKeys,
  subgraphSigningKey,
  type Viewer,
} from '@fcfs/shared';
import { callSubgraph, requireTestEnv, withoutLocations } from '@fcfs/shared/testing';
import { and, eq, gt, inArray, max, sql } from 'drizzle-orm';
import { ordersEnv } from '../src/config.ts';
import { createContextFactory } from '../src/context.ts';
import { connectOrdersDatabase, migrationsFolder } from '../src/db/client.ts';
import { orderStatusHistory, orders, outbox } from '../src/db/schema/index.ts';
import { buildOrdersDependencies } from '../src/dependencies.ts';
import type { PlacedOrdersWriter } from '../src/domain/order-writer.ts';
import { OrderScheduler, schedulerOptionsFrom } from '../src/scheduler/order-scheduler.ts';
import { createOrdersServer } from '../src/server.ts';
import { purgeOrders } from './purge-orders.ts';

const outboxKey = sql<string>`JSON_UNQUOTE(JSON_EXTRACT(${outbox.envelope}, '$.key'))`;

export const admin: Viewer = { id: 'admin-1', role: 'ADMIN' };

/** Distinguishes this run's users and products from any other run's in the shared databases. */
export const runId = randomUUID().slice(0, 8);
/** Every user id of this run starts with it, so the run's orders can be purged at the end. */
const USER_PREFIX = `test-${runId}-`;
let sequence = 0;
export const uniqueUser = (label = 'buyer'): Viewer => {
  sequence += 1;
  return { id: `${USER_PREFIX}${label}-${sequence}`, role: 'CUSTOMER' };
};

/** Product ids far above catalog's auto-increment ids, so test products never collide with real ones. */
export const uniqueProductId = (): string =>
  String(800_000_000_000 + Math.floor(Math.random() * 99_999_999_999));

export interface StartOptions {
  env?: Record<string, string>;
  writePlacedOrders?: PlacedOrdersWriter;
}

/** A real orders subgraph: its MySQL database, Redis, Kafka topics and an HTTP server on a free port. */
export async function startTestOrders({ env = {}, writePlacedOrders }: StartOptions = {}) {
  const config = loadConfig(ordersEnv, {
    ...process.env,
    DATABASE_URL: requireTestEnv('ORDERS_DATABASE_URL'),
    ...env,
  });
  const logger = createLogger('orders-test', process.env.LOG_LEVEL ?? 'warn');
  /** Every SQL statement this harness' pool ran, for tests that count them. */
  const queries: string[] = [];
  const database = connectOrdersDatabase(config.DATABASE_URL, {
    connectionLimit: config.DATABASE_POOL_SIZE,
    onQuery: (statement) => queries.push(statement),
  });
  await runMigrations(database.db, migrationsFolder);
  const redis = createRedis(redisTarget(config));
  const kafka = createKafka(config.KAFKA_BROKERS, 'orders-test', logger);
  await ensureTopics(kafka);
  const deps = buildOrdersDependencies(config, {
    db: database.db,
    redis,
    logger,
    eventsEnqueued: () => undefined,
    ...(writePlacedOrders ? { writePlacedOrders } : {}),
  });
  const server: RunningServer = await serveGraphQL({
    apollo: createOrdersServer(logger),
    context: createContextFactory(deps, config.GATEWAY_SIGNING_SECRET),
    port: 0,
    host: '127.0.0.1',
    logger,
  });
  const stock = new StockCounters(redis);
  const productKeys: string[] = [];
  // Events of this harness' orders are newer than this: reading only those keeps a long-lived outbox cheap.
  const [{ last } = { last: 0 }] = await database.db.select({ last: max(outbox.id) }).from(outbox);
  const outboxBefore = last ?? 0;
  const signingKey = subgraphSigningKey(config.GATEWAY_SIGNING_SECRET, 'orders');
  const call = <Data = Record<string, unknown>>(
    viewer: Viewer | null,
    query: string,
    variables?: Record<string, unknown>,
  ) => callSubgraph<Data>(server.url, signingKey, viewer, { query, variables }).then(withoutLocations);

  return {
    config,
    deps,
    kafka,
    redis,
    stock,
    url: server.url,
    secret: config.GATEWAY_SIGNING_SECRET,
    call,
    queries,

    /** One order of one line, placed as a buyer would; fails the test with the errors when refused. */
    placeOne: async (productId: string, { buyer = uniqueUser(), quantity = 1 } = {}) => {
      const result = await call<{ placeOrder: { id: string } }>(buyer, PLACE_ORDER, {
        input: { items: [{ productId, quantity }], idempotencyKey: randomUUID() },
      });
      const id = result.data?.placeOrder.id;
      if (!id) throw new Error(`placeOrder was refused: ${JSON.stringify(result.errors)}`);
      return { id, buyer };
    },

    /** A scheduler replica over this harness' connections, with the durations of its env. */
    scheduler: (leaseKey: string) => new OrderScheduler(deps, schedulerOptionsFrom(config, leaseKey)),

    /** Publishes a product the way catalog does (sale metadata + counters); catalog is not running here. */
    publishProduct: async (overrides: Partial<SaleMetadata> = {}): Promise<SaleMetadata> => {
      const product: SaleMetadata = {
        productId: uniqueProductId(),
        price: 10_000,
        saleStartsAt: new Date(Date.now() - 60_000),
        saleEndsAt: null,
        purchaseLimit: 5,
        available: 10,
        ...overrides,
        received: overrides.received ?? overrides.available ?? 10,
      };
      const keys = stockKeys(product.productId);
      await redis.del(...Object.values(keys));
      productKeys.push(...Object.values(keys));
      await stock.publish(product, { createCounters: true });
      await stock.markCatalogPublished();
      return product;
    },

    levels: async (productId: string) => {
      const [level] = await stock.levels([productId]);
      const holds = await redis.hlen(stockKeys(productId).holds);
      const buyers = await redis.hgetall(stockKeys(productId).buyers);
      return { ...level, holds, buyers };
    },

    order: async (id: string) => {
      const [row] = await database.db.select().from(orders).where(eq(orders.id, id));
      return row;
    },
    history: (orderId: string) =>
      database.db
        .select()
        .from(orderStatusHistory)
        .where(eq(orderStatusHistory.orderId, orderId))
        .orderBy(orderStatusHistory.id),
    /** Outbox events keyed by these orders, oldest first. */
    events: async <Type extends EventType = EventType>(orderIds: string[], type?: Type) => {
      if (orderIds.length === 0) return [];
      const rows = await database.db
        .select({ envelope: outbox.envelope })
        .from(outbox)
        .where(and(gt(outbox.id, outboxBefore), inArray(outboxKey, orderIds)))
        .orderBy(outbox.id);
      return rows
        .map((row) => row.envelope)
        .filter((event) => type === undefined || event.type === type) as EventEnvelope<Type>[];
    },
    /** Moves an order by hand to set up a test (e.g. DELIVERED long ago). */
    forceOrder: (id: string, values: Partial<typeof orders.$inferInsert>) =>
      database.db.update(orders).set(values).where(eq(orders.id, id)),
    ordersOf: (userIds: string[]) => database.db.select().from(orders).where(inArray(orders.userId, userIds)),

    close: async () => {
      await server.close();
      // Nothing of this run is left for a running scheduler to expire or a running relay to publish.
      await purgeOrders(database.db, USER_PREFIX);
      // Key by key: on a cluster the products' keys live in different slots.
      await Promise.all(productKeys.map((key) => redis.del(key)));
      redis.disconnect();
      await database.close();
    },
  };
}

export type Orders = Awaited<ReturnType<typeof startTestOrders>>;

export const ORDER_FIELDS = /* GraphQL */ `
  id
  status
  totalPrice
  paymentMethod
  items { product { id } quantity unitPrice }
  statusHistory { from to reason }
`;

export const PLACE_ORDER = /* GraphQL */ `
  mutation Place($input: PlaceOrderInput!) {
    placeOrder(input: $input) { ${ORDER_FIELDS} }
  }
`;

export interface OrderView {
  id: string;
  status: string;
  totalPrice: number;
  paymentMethod: string | null;
  items: { product: { id: string }; quantity: number; unitPrice: number }[];
  statusHistory: { from: string | null; to: string; reason: string | null }[];
}

export const codesOf = (result: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  result.errors?.map((error) => error.extensions?.code);

export { eventually } from '@fcfs/shared/testing';
