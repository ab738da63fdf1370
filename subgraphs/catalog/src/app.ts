import {
  ConsumerMetrics,
  createMetricsRegistry,
  createRedis,
  EventRejections,
  GroupMembership,
  type Logger,
  type Registry,
  type RunningServer,
  redisTarget,
  runConsumer,
  ShutdownSequence,
  StockAdjustments,
  StockCounters,
  serveGraphQL,
  startServiceEventing,
  subgraphReadiness,
} from '@fcfs/shared';
import type { CatalogConfig } from './config.ts';
import { createContextFactory } from './context.ts';
import { connectCatalogDatabase } from './db/client.ts';
import type { CatalogDependencies } from './dependencies.ts';
import { publishAllSales } from './domain/publish-sale.ts';
import { republishLostSales } from './domain/republish-lost-sales.ts';
import { catalogEventHandling } from './events/handlers.ts';
import { registerCatalogMetrics } from './metrics.ts';
import { createCatalogServer } from './server.ts';

export interface CatalogApp {
  deps: CatalogDependencies;
  metrics: Registry;
  server: RunningServer;
  /** The service's stop, step by step; `stop()` runs it. */
  shutdown: ShutdownSequence;
  stop: () => Promise<void>;
}

/**
 * The whole catalog service: GraphQL, the sale publisher (at start, and again after Redis lost its data), the
 * order-event consumer that moves units on hand, and the outbox relay.
 */
export async function startCatalog(config: CatalogConfig, logger: Logger): Promise<CatalogApp> {
  const metrics = createMetricsRegistry('catalog');
  const database = connectCatalogDatabase(config.DATABASE_URL);
  const redis = createRedis(redisTarget(config), { connectionName: 'catalog' });
  const eventing = await startServiceEventing({
    brokers: config.KAFKA_BROKERS,
    clientId: 'catalog',
    db: database.db,
    logger,
    metrics,
  });

  const deps: CatalogDependencies = {
    db: database.db,
    stock: new StockCounters(redis),
    adjustments: new StockAdjustments(redis),
    logger,
    eventsEnqueued: () => eventing.relay.notify(),
  };
  registerCatalogMetrics(metrics, deps);

  await publishAllSales(deps);
  const stopRepublishing = republishLostSales(deps, config.SALE_REPUBLISH_INTERVAL);
  const consumerMetrics = new ConsumerMetrics(metrics);
  const membership = new GroupMembership();
  const rejections = new EventRejections(logger, consumerMetrics);
  const consumer = await runConsumer({
    kafka: eventing.kafka,
    groupId: 'catalog',
    ...catalogEventHandling(deps, rejections),
    logger,
    metrics: consumerMetrics,
    membership,
  });

  const server = await serveGraphQL({
    apollo: createCatalogServer(logger),
    context: createContextFactory(deps, config.GATEWAY_SIGNING_SECRET),
    port: config.PORT,
    logger,
    metrics,
    readinessChecks: subgraphReadiness({
      pool: database.pool,
      redis,
      producerReady: eventing.producerReady,
      membership,
    }),
  });

  const shutdown = new ShutdownSequence(logger)
    .add('http server', () => server.close(config.SHUTDOWN_TIMEOUT / 2))
    .add('sale republisher', stopRepublishing)
    .add('kafka consumer', async () => {
      await consumer.disconnect();
      logger.info({ rejected: rejections.counts() }, 'events rejected since start, by reason');
    })
    .add('outbox relay', eventing.close)
    .add('redis', () => redis.disconnect())
    .add('mysql pool', database.close);

  return { deps, metrics, server, shutdown, stop: () => shutdown.run() };
}
