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
  serveGraphQL,
  startServiceEventing,
} from '@fcfs/shared';
import { ordersEnv } from './config.ts';
import { createContextFactory } from './context.ts';
import { connectOrdersDatabase } from './db/client.ts';
import { buildOrdersDependencies } from './dependencies.ts';
import { ordersEventHandling } from './events/handlers.ts';
import { createOrdersMetrics } from './metrics.ts';
import { rebuildCountersOnRequest } from './scheduler/counter-rebuilds.ts';
import { recountOnFailover } from './scheduler/failover-recounts.ts';
import { OrderScheduler, schedulerOptionsFrom } from './scheduler/order-scheduler.ts';
import { createOrdersServer } from './server.ts';

const config = loadConfigOrExit(ordersEnv, 'orders');
const logger = createLogger('orders', config.LOG_LEVEL);
const metrics = createMetricsRegistry('orders');

const database = connectOrdersDatabase(config.DATABASE_URL, { connectionLimit: config.DATABASE_POOL_SIZE });
const redis = createRedis(redisTarget(config), { connectionName: 'orders' });
const eventing = await startServiceEventing({
  brokers: config.KAFKA_BROKERS,
  clientId: 'orders',
  db: database.db,
  logger,
  metrics,
});

const deps = buildOrdersDependencies(config, {
  db: database.db,
  redis,
  logger,
  eventsEnqueued: () => eventing.relay.notify(),
  metrics: createOrdersMetrics(metrics),
});
logger.info({ strategy: deps.reservations.strategy }, 'stock strategy');

const consumerMetrics = new ConsumerMetrics(metrics);
const membership = new GroupMembership();
const rejections = new EventRejections(logger, consumerMetrics);
const consumer = await runConsumer({
  kafka: eventing.kafka,
  groupId: 'orders',
  ...ordersEventHandling(deps, rejections),
  logger,
  metrics: consumerMetrics,
  membership,
});
const scheduler = new OrderScheduler(deps, schedulerOptionsFrom(config));
scheduler.start();
const stopRebuilds = rebuildCountersOnRequest(deps, config.SCHEDULER_INTERVAL);
const stopFailoverRecounts = recountOnFailover(deps, redis);

const server = await serveGraphQL({
  apollo: createOrdersServer(logger),
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
  .add('order writer', async () => {
    await deps.orderWriter.drain();
    logger.info({ batchSizes: deps.orderWriter.batchSizes() }, 'group commit: batches by size');
  })
  .add('order scheduler', () => scheduler.stop())
  .add('counter rebuilds', stopRebuilds)
  .add('failover recounts', stopFailoverRecounts)
  .add('kafka consumer', async () => {
    await consumer.disconnect();
    logger.info({ rejected: rejections.counts() }, 'events rejected since start, by reason');
  })
  .add('outbox relay', eventing.close)
  .add('redis', () => redis.disconnect())
  .add('mysql pool', database.close);
onShutdownSignal(logger, shutdown, { deadlineMs: config.SHUTDOWN_TIMEOUT });
