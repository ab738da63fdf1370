import {
  ConsumerMetrics,
  createLogger,
  createMetricsRegistry,
  createRedis,
  EventRejections,
  GroupMembership,
  loadConfigOrExit,
  onShutdownSignal,
  redisTarget,
  runConsumer,
  ShutdownSequence,
  StockAdjustments,
  StockCounters,
  serveGraphQL,
  startServiceEventing,
} from '@fcfs/shared';
import { catalogEnv } from './config.ts';
import { createContextFactory } from './context.ts';
import { connectCatalogDatabase } from './db/client.ts';
import type { CatalogDependencies } from './dependencies.ts';
import { publishAllSales } from './domain/publish-sale.ts';
import { republishLostSales } from './domain/republish-lost-sales.ts';
import { catalogEventHandling } from './events/handlers.ts';
import { registerCatalogMetrics } from './metrics.ts';
import { createCatalogServer } from './server.ts';

const config = loadConfigOrExit(catalogEnv, 'catalog');
const logger = createLogger('catalog', config.LOG_LEVEL);
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
  readinessChecks: {
    mysql: () => database.pool.query('SELECT 1'),
    redis: () => redis.ping(),
    kafkaProducer: eventing.producerReady,
    kafkaConsumer: membership.check,
  },
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
onShutdownSignal(logger, shutdown, { deadlineMs: config.SHUTDOWN_TIMEOUT });
