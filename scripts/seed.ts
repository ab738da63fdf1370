// `pnpm seed`: the admin from ADMIN_EMAIL / ADMIN_PASSWORD and the demo products. Safe to run again.
import {
  createLogger,
  createRedis,
  loadConfig,
  redisTarget,
  StockAdjustments,
  StockCounters,
} from '@fcfs/shared';
import { connectCatalogDatabase } from '../subgraphs/catalog/src/db/client.ts';
import { seedDemoProducts } from '../subgraphs/catalog/src/seed.ts';
import { usersEnv } from '../subgraphs/users/src/config.ts';
import { connectUsersDatabase } from '../subgraphs/users/src/db/client.ts';
import { buildUsersDependencies } from '../subgraphs/users/src/dependencies.ts';
import { createSmtpMailer } from '../subgraphs/users/src/mail/mailer.ts';
import { seedAdmin } from '../subgraphs/users/src/seed.ts';

const logger = createLogger('seed', process.env.LOG_LEVEL ?? 'info');
const adminEmail = process.env.ADMIN_EMAIL;
const adminPassword = process.env.ADMIN_PASSWORD;
if (!adminEmail || !adminPassword) {
  process.stderr.write('seed: ADMIN_EMAIL and ADMIN_PASSWORD are required\n');
  process.exit(1);
}

const usersConfig = loadConfig(usersEnv, { ...process.env, DATABASE_URL: process.env.USERS_DATABASE_URL });
const redis = createRedis(redisTarget(usersConfig));
const usersDb = connectUsersDatabase(usersConfig.DATABASE_URL);
const mailer = createSmtpMailer(usersConfig.SMTP_URL, usersConfig.MAIL_FROM);
const usersDeps = buildUsersDependencies(usersConfig, { db: usersDb.db, redis, mailer, logger });
const admin = await seedAdmin(usersDeps, adminEmail, adminPassword);
logger.info({ adminId: admin.id, created: admin.created }, `admin ${adminEmail}`);

const catalogDb = connectCatalogDatabase(process.env.CATALOG_DATABASE_URL ?? '');
const created = await seedDemoProducts({
  db: catalogDb.db,
  stock: new StockCounters(redis),
  adjustments: new StockAdjustments(redis),
  logger,
  eventsEnqueued: () => {},
});
logger.info({ created }, created.length > 0 ? 'demo products created' : 'demo products already there');

mailer.close();
redis.disconnect();
await usersDb.close();
await catalogDb.close();
