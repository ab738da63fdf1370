import { randomBytes } from 'node:crypto';
import {
  createLogger,
  createRedis,
  type ForwardedToken,
  loadConfig,
  type RunningServer,
  redisTarget,
  runMigrations,
  serveGraphQL,
  subgraphSigningKey,
  type Viewer,
} from '@fcfs/shared';
import { callSubgraph, requireTestEnv, withoutLocations } from '@fcfs/shared/testing';
import jwt from 'jsonwebtoken';
import { usersEnv } from '../src/config.ts';
import { createContextFactory } from '../src/context.ts';
import { connectUsersDatabase, migrationsFolder } from '../src/db/client.ts';
import { buildUsersDependencies } from '../src/dependencies.ts';
import { jwksRoute } from '../src/jwks.ts';
import { createSmtpMailer } from '../src/mail/mailer.ts';
import { createUsersServer } from '../src/server.ts';

/** Distinguishes this run's emails, client addresses and Redis keys from any other run's. */
export const runId = randomBytes(4).toString('hex');
let sequence = 0;
const next = () => {
  sequence += 1;
  return sequence;
};

export const uniqueEmail = (label: string) => `${label}-${runId}-${next()}@example.test`;
export const uniqueClient = () => `test-client-${runId}-${next()}`;
export const PASSWORD = 'correct horse battery';

/** A real users subgraph: its MySQL database, Redis, the SMTP catcher and an HTTP server on a free port. */
export async function startTestUsers(env: Record<string, string> = {}) {
  const config = loadConfig(usersEnv, {
    ...process.env,
    DATABASE_URL: requireTestEnv('USERS_DATABASE_URL'),
    BCRYPT_COST: '4',
    // Every test's calls come from one address within the same minutes; the login-limits test sets its own.
    LOGIN_ATTEMPTS_PER_CLIENT_PER_MINUTE: '100000',
    ...env,
  });
  const secret = config.GATEWAY_SIGNING_SECRET;
  const signingKey = subgraphSigningKey(secret, 'users');
  const logger = createLogger('users-test', process.env.LOG_LEVEL ?? 'warn');
  const queries: string[] = [];
  const database = connectUsersDatabase(config.DATABASE_URL, { onQuery: (sql) => queries.push(sql) });
  await runMigrations(database.db, migrationsFolder);
  const redis = createRedis(redisTarget(config));
  const mailer = createSmtpMailer(config.SMTP_URL, config.MAIL_FROM);
  const deps = buildUsersDependencies(config, { db: database.db, redis, mailer, logger });
  const server: RunningServer = await serveGraphQL({
    apollo: createUsersServer(logger),
    context: createContextFactory(deps, secret),
    port: 0,
    host: '127.0.0.1',
    logger,
    routes: jwksRoute(deps.accessTokens),
  });
  /** Redis keys this run created, deleted on close so the shared Redis keeps nothing of the tests. */
  const createdKeys = new Set<string>();

  return {
    config,
    deps,
    redis,
    pool: database.pool,
    queries,
    url: server.url,
    origin: server.url.replace(/\/graphql$/, ''),
    secret,
    signingKey,
    call: <Data = Record<string, unknown>>(
      viewer: Viewer | null,
      query: string,
      variables?: Record<string, unknown>,
      options: { token?: ForwardedToken; headers?: Record<string, string> } = {},
    ) =>
      callSubgraph<Data>(server.url, signingKey, viewer, { query, variables }, options).then(
        withoutLocations,
      ),
    /** Keys to delete at the end, for email-, client- or user-keyed state this run made. */
    track: (...keys: string[]) => {
      for (const key of keys) createdKeys.add(key);
    },
    close: async () => {
      if (createdKeys.size > 0) await redis.del(...createdKeys);
      await server.close();
      await deps.passwords.close();
      mailer.close();
      redis.disconnect();
      await database.close();
    },
  };
}

export type Users = Awaited<ReturnType<typeof startTestUsers>>;

/** What the gateway does with a verified access token: the viewer and the token claims it signs. */
export function asGateway(accessToken: string): { viewer: Viewer; token: ForwardedToken } {
  const claims = jwt.decode(accessToken) as {
    sub: string;
    role: Viewer['role'];
    jti: string;
    exp: number;
    sid: string;
  };
  return {
    viewer: { id: claims.sub, role: claims.role },
    token: { jti: claims.jti, expiresAt: claims.exp, sessionId: claims.sid },
  };
}

export { codeFromMail, mailCount } from '@fcfs/shared/testing';
