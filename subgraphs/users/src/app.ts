import {
  ConsumerMetrics,
  createMetricsRegistry,
  createRedis,
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
import type { UsersConfig } from './config.ts';
import { createContextFactory } from './context.ts';
import { connectUsersDatabase } from './db/client.ts';
import { buildUsersDependencies, type UsersDependencies } from './dependencies.ts';
import { OrderMailSender } from './domain/order-mail/order-mail-sender.ts';
import { usersEventHandling } from './events/handlers.ts';
import { jwksRoute } from './jwks.ts';
import { createSmtpMailer } from './mail/mailer.ts';
import { createUsersServer } from './server.ts';

export interface UsersApp {
  deps: UsersDependencies;
  metrics: Registry;
  server: RunningServer;
  /** The service's stop, step by step; `stop()` runs it. */
  shutdown: ShutdownSequence;
  stop: () => Promise<void>;
}

/**
 * The whole users service: GraphQL and the JWKS route, the consumer of the order events it mails about, the
 * order mail sender and the outbox relay.
 */
export async function startUsers(config: UsersConfig, logger: Logger): Promise<UsersApp> {
  const database = connectUsersDatabase(config.DATABASE_URL);
  const redis = createRedis(redisTarget(config), { connectionName: 'users' });
  const mailer = createSmtpMailer(config.SMTP_URL, config.MAIL_FROM);
  const metrics = createMetricsRegistry('users');
  const eventing = await startServiceEventing({
    brokers: config.KAFKA_BROKERS,
    clientId: 'users',
    db: database.db,
    logger,
    metrics,
  });
  const deps = buildUsersDependencies(config, {
    db: database.db,
    redis,
    mailer,
    logger,
    eventsEnqueued: () => eventing.relay.notify(),
    orderMailsQueued: () => orderMails.notify(),
  });
  const orderMails = new OrderMailSender(deps, { maxPerSecond: config.ORDER_MAILS_PER_SECOND });
  orderMails.start();
  const membership = new GroupMembership();
  const consumer = await runConsumer({
    kafka: eventing.kafka,
    groupId: 'users',
    ...usersEventHandling(deps),
    logger,
    // A first start must not mail every buyer about every order Kafka still holds: only what happens from now.
    fromBeginning: false,
    metrics: new ConsumerMetrics(metrics),
    membership,
  });

  const server = await serveGraphQL({
    apollo: createUsersServer(logger),
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
    routes: jwksRoute(deps.accessTokens),
  });

  const shutdown = new ShutdownSequence(logger)
    .add('http server', () => server.close(config.SHUTDOWN_TIMEOUT / 2))
    .add('password hashing pool', () => deps.passwords.close())
    .add('kafka consumer', () => consumer.disconnect())
    .add('order mail sender', () => orderMails.stop())
    .add('mailer', () => mailer.close())
    .add('outbox relay', eventing.close)
    .add('redis', () => redis.disconnect())
    .add('mysql pool', database.close);

  return { deps, metrics, server, shutdown, stop: () => shutdown.run() };
}
