// `pnpm backfill:user-keys`: moves every users profile still sealed directly under PII_KEYS to its user's own
// data key. Idempotent and safe while users serves; run it once after deploying per-user keys, again at will.
import { createLogger, createRedis, loadConfig, redisTarget } from '@fcfs/shared';
import { usersEnv } from '../subgraphs/users/src/config.ts';
import { connectUsersDatabase } from '../subgraphs/users/src/db/client.ts';
import { buildUsersDependencies } from '../subgraphs/users/src/dependencies.ts';
import { backfillUserKeys } from '../subgraphs/users/src/domain/pii/backfill-user-keys.ts';
import { createSmtpMailer } from '../subgraphs/users/src/mail/mailer.ts';

const logger = createLogger('backfill-user-keys', process.env.LOG_LEVEL ?? 'info');
const config = loadConfig(usersEnv, { ...process.env, DATABASE_URL: process.env.USERS_DATABASE_URL });
const redis = createRedis(redisTarget(config));
const database = connectUsersDatabase(config.DATABASE_URL);
const mailer = createSmtpMailer(config.SMTP_URL, config.MAIL_FROM);
const deps = buildUsersDependencies(config, { db: database.db, redis, mailer, logger });

try {
  const { moved, failed } = await backfillUserKeys(deps);
  logger.info({ moved, failed }, 'user key backfill done');
  process.exitCode = failed > 0 ? 1 : 0;
} finally {
  await deps.passwords.close();
  mailer.close();
  redis.disconnect();
  await database.close();
}
