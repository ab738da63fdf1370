// Median time of one `signUp` and one `login` through the users subgraph over HTTP, at the configured bcrypt
// cost (BCRYPT_COST, default 12 as in production). Needs .infra/local.env in the environment:
//   set -a; source .infra/local.env; set +a; node subgraphs/users/bench/auth-timing.ts
// Verification tokens are made beforehand through the store, so only the sign-up itself is timed.
import { randomBytes } from 'node:crypto';
import {
  createLogger,
  createRedis,
  loadConfig,
  redisTarget,
  runMigrations,
  serveGraphQL,
  subgraphSigningKey,
} from '@fcfs/shared';
import { callSubgraph } from '@fcfs/shared/testing';
import { usersEnv } from '../src/config.ts';
import { createContextFactory } from '../src/context.ts';
import { connectUsersDatabase, migrationsFolder } from '../src/db/client.ts';
import { buildUsersDependencies } from '../src/dependencies.ts';
import { createSmtpMailer } from '../src/mail/mailer.ts';
import { createUsersServer } from '../src/server.ts';

const ROUNDS = 20;
const PASSWORD = 'benchmark passphrase';

const config = loadConfig(usersEnv, {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL ?? process.env.USERS_DATABASE_URL,
  BCRYPT_COST: process.env.BCRYPT_COST ?? '12',
});
const logger = createLogger('users-bench', 'warn');
const database = connectUsersDatabase(config.DATABASE_URL);
await runMigrations(database.db, migrationsFolder);
const redis = createRedis(redisTarget(config));
const mailer = createSmtpMailer(config.SMTP_URL, config.MAIL_FROM);
const deps = buildUsersDependencies(config, { db: database.db, redis, mailer, logger });
const server = await serveGraphQL({
  apollo: createUsersServer(logger),
  context: createContextFactory(deps, config.GATEWAY_SIGNING_SECRET),
  port: 0,
  host: '127.0.0.1',
  logger,
});

const signingKey = subgraphSigningKey(config.GATEWAY_SIGNING_SECRET, 'users');

const SIGN_UP = /* GraphQL */ `
  mutation SignUp($input: SignUpInput!) { signUp(input: $input) { accessToken user { id } } }
`;
const LOGIN = /* GraphQL */ `
  mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }
`;

async function timed(
  query: string,
  variables: Record<string, unknown>,
): Promise<{ ms: number; data: unknown }> {
  const started = performance.now();
  const result = await callSubgraph(server.url, signingKey, null, { query, variables });
  const ms = performance.now() - started;
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return { ms, data: result.data };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return ((sorted[Math.floor(middle - 0.5)] ?? 0) + (sorted[Math.ceil(middle - 0.5)] ?? 0)) / 2;
};

const run = randomBytes(4).toString('hex');
const emails = Array.from({ length: ROUNDS }, (_, n) => `bench-${run}-${n}@example.test`);
const createdIds: string[] = [];
try {
  const signUps: number[] = [];
  for (const email of emails) {
    const { token } = await deps.verification.issueToken(deps.pii.emailIndex(email));
    const { ms, data } = await timed(SIGN_UP, {
      input: {
        email,
        password: PASSWORD,
        name: 'Bench User',
        address: '1 Bench-ro, Seoul',
        verificationToken: token,
      },
    });
    createdIds.push((data as { signUp: { user: { id: string } } }).signUp.user.id);
    signUps.push(ms);
  }
  const logins: number[] = [];
  for (const email of emails) logins.push((await timed(LOGIN, { email, password: PASSWORD })).ms);

  process.stdout.write(
    `users auth timing, bcryptjs cost ${config.BCRYPT_COST}, ${ROUNDS} rounds each, HTTP round trip on ${server.url}\n` +
      `  signUp median ${median(signUps).toFixed(1)} ms (min ${Math.min(...signUps).toFixed(1)}, max ${Math.max(...signUps).toFixed(1)})\n` +
      `  login  median ${median(logins).toFixed(1)} ms (min ${Math.min(...logins).toFixed(1)}, max ${Math.max(...logins).toFixed(1)})\n`,
  );
} finally {
  if (createdIds.length > 0) await database.pool.query('DELETE FROM users WHERE id IN (?)', [createdIds]);
  await server.close();
  mailer.close();
  redis.disconnect();
  await database.close();
}
