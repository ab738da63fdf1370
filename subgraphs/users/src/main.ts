import {
  createLogger,
  createMetricsRegistry,
  createRedis,
  loadConfigOrExit,
  onShutdownSignal,
  redisTarget,
  ShutdownSequence,
  serveGraphQL,
} from '@fcfs/shared';
import { usersEnv } from './config.ts';
import { createContextFactory } from './context.ts';
import { connectUsersDatabase } from './db/client.ts';
import { buildUsersDependencies } from './dependencies.ts';
import { jwksRoute } from './jwks.ts';
import { createSmtpMailer } from './mail/mailer.ts';
import { createUsersServer } from './server.ts';

const config = loadConfigOrExit(usersEnv, 'users');
const logger = createLogger('users', config.LOG_LEVEL);

const database = connectUsersDatabase(config.DATABASE_URL);
const redis = createRedis(redisTarget(config), { connectionName: 'users' });
const mailer = createSmtpMailer(config.SMTP_URL, config.MAIL_FROM);
const deps = buildUsersDependencies(config, { db: database.db, redis, mailer, logger });

const server = await serveGraphQL({
  apollo: createUsersServer(logger),
  context: createContextFactory(deps, config.GATEWAY_SIGNING_SECRET),
  port: config.PORT,
  logger,
  metrics: createMetricsRegistry('users'),
  readinessChecks: { mysql: () => database.pool.query('SELECT 1'), redis: () => redis.ping() },
  routes: jwksRoute(deps.accessTokens),
});

const shutdown = new ShutdownSequence(logger)
  .add('http server', () => server.close(config.SHUTDOWN_TIMEOUT / 2))
  .add('password hashing pool', () => deps.passwords.close())
  .add('mailer', () => mailer.close())
  .add('redis', () => redis.disconnect())
  .add('mysql pool', database.close);
onShutdownSignal(logger, shutdown, { deadlineMs: config.SHUTDOWN_TIMEOUT });
