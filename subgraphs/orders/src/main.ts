import {
  createKafka,
  createKafkaPublisher,
  createLogger,
  createRedis,
  ensureTopics,
  loadConfigOrExit,
  OutboxRelay,
  onShutdownSignal,
  runConsumer,
  serveGraphQL,
} from '@fcfs/shared';
import { ordersEnv } from './config.ts';
import { createContextFactory } from './context.ts';
import { connectOrdersDatabase } from './db/client.ts';
import { buildOrdersDependencies } from './dependencies.ts';
import { ordersEventHandlers } from './events/handlers.ts';
import { rebuildCountersOnRequest } from './scheduler/counter-rebuilds.ts';
import { OrderScheduler, schedulerOptionsFrom } from './scheduler/order-scheduler.ts';
import { createOrdersServer } from './server.ts';

const config = loadConfigOrExit(ordersEnv, 'orders');
const logger = createLogger('orders', config.LOG_LEVEL);

const database = connectOrdersDatabase(config.DATABASE_URL, { connectionLimit: config.DATABASE_POOL_SIZE });
const redis = createRedis(config.REDIS_URL, { connectionName: 'orders' });
const kafka = createKafka(config.KAFKA_BROKERS, 'orders', logger);
await ensureTopics(kafka);
const publisher = await createKafkaPublisher(kafka);
const relay = new OutboxRelay({ db: database.db, publisher, logger });

const deps = buildOrdersDependencies(config, {
  db: database.db,
  redis,
  logger,
  eventsEnqueued: () => relay.notify(),
});
logger.info({ strategy: deps.reservations.strategy }, 'stock strategy');

relay.start();
const consumer = await runConsumer({ kafka, groupId: 'orders', handlers: ordersEventHandlers(deps), logger });
const scheduler = new OrderScheduler(deps, schedulerOptionsFrom(config));
scheduler.start();
const stopRebuilds = rebuildCountersOnRequest(deps, config.SCHEDULER_INTERVAL);

const server = await serveGraphQL({
  apollo: createOrdersServer(logger),
  context: createContextFactory(deps, config.GATEWAY_SIGNING_SECRET),
  port: config.PORT,
  logger,
  readinessChecks: { mysql: () => database.pool.query('SELECT 1'), redis: () => redis.ping() },
});

onShutdownSignal(logger, async () => {
  await server.close();
  await scheduler.stop();
  await stopRebuilds();
  await consumer.disconnect();
  await relay.stop();
  await publisher.close();
  redis.disconnect();
  await database.close();
});
