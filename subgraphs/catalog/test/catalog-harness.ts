import {
  createKafka,
  createKafkaPublisher,
  createLogger,
  createRedis,
  type EventPublisher,
  ensureTopics,
  OutboxRelay,
  type RunningServer,
  runMigrations,
  StockAdjustments,
  StockCounters,
  serveGraphQL,
  subgraphSigningKey,
  type Viewer,
} from '@fcfs/shared';
import { callSubgraph, requireTestEnv } from '@fcfs/shared/testing';
import { createContextFactory } from '../src/context.ts';
import { connectCatalogDatabase, migrationsFolder } from '../src/db/client.ts';
import type { CatalogDependencies } from '../src/dependencies.ts';
import { createCatalogServer } from '../src/server.ts';

export const admin: Viewer = { id: '1', role: 'ADMIN' };
export const customer: Viewer = { id: '2', role: 'CUSTOMER' };

/** A real catalog: its MySQL database, Redis, Kafka and HTTP server on a free port. */
export async function startTestCatalog() {
  const secret = requireTestEnv('GATEWAY_SIGNING_SECRET');
  const signingKey = subgraphSigningKey(secret, 'catalog');
  const logger = createLogger('catalog-test', process.env.LOG_LEVEL ?? 'warn');
  const queries: string[] = [];
  const database = connectCatalogDatabase(requireTestEnv('CATALOG_DATABASE_URL'), {
    onQuery: (sql) => queries.push(sql),
  });
  await runMigrations(database.db, migrationsFolder);
  const redis = createRedis(requireTestEnv('REDIS_URL'));
  const kafka = createKafka(requireTestEnv('KAFKA_BROKERS').split(','), 'catalog-test', logger);
  await ensureTopics(kafka);
  const publisher: EventPublisher = await createKafkaPublisher(kafka);
  const relay = new OutboxRelay({ db: database.db, publisher, logger });
  const deps: CatalogDependencies = {
    db: database.db,
    stock: new StockCounters(redis),
    adjustments: new StockAdjustments(redis),
    logger,
    eventsEnqueued: () => relay.notify(),
  };
  const server: RunningServer = await serveGraphQL({
    apollo: createCatalogServer(logger),
    context: createContextFactory(deps, secret),
    port: 0,
    host: '127.0.0.1',
    logger,
  });
  return {
    deps,
    kafka,
    redis,
    queries,
    url: server.url,
    call: <Data = Record<string, unknown>>(
      viewer: Viewer | null,
      query: string,
      variables?: Record<string, unknown>,
    ) => callSubgraph<Data>(server.url, signingKey, viewer, { query, variables }),
    close: async () => {
      await server.close();
      await publisher.close();
      redis.disconnect();
      await database.close();
    },
  };
}

export type Catalog = Awaited<ReturnType<typeof startTestCatalog>>;
