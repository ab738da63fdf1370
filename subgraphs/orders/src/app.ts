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
  serveGraphQL,
  startServiceEventing,
  subgraphReadiness,
} from '@fcfs/shared';
import type { OrdersConfig } from './config.ts';
import { createContextFactory } from './context.ts';
import { connectOrdersDatabase } from './db/client.ts';
import { buildOrdersDependencies } from './dependencies.ts';
import type { OrdersDependencies } from './domain/orders-dependencies.ts';
import { ordersEventHandling } from './events/handlers.ts';
import { createOrdersMetrics } from './metrics.ts';
import { rebuildCountersOnRequest } from './scheduler/counter-rebuilds.ts';
import { recountOnFailover } from './scheduler/failover-recounts.ts';
import { OrderScheduler, schedulerOptionsFrom } from './scheduler/order-scheduler.ts';
import { createOrdersServer } from './server.ts';

export interface OrdersApp {
  deps: OrdersDependencies;
  metrics: Registry;
  server: RunningServer;
  /** The service's stop, step by step; `stop()` runs it. */
  shutdown: ShutdownSequence;
  stop: () => Promise<void>;
}

/**
 * The whole orders service: GraphQL with the group-commit order writer, the payment-result consumer, the
 * scheduler (timed steps, unfinished hold steps, orphan holds), counter rebuilds and failover recounts, and the
 * outbox relay.
 */
export async function startOrders(config: OrdersConfig, logger: Logger): Promise<OrdersApp> {
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
    readinessChecks: subgraphReadiness({
      pool: database.pool,
      redis,
      producerReady: eventing.producerReady,
      membership,
    }),
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

  return { deps, metrics, server, shutdown, stop: () => shutdown.run() };
}
