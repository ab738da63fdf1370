// Logins per second and `me` latency during a login flood, on one users subgraph over HTTP, at bcrypt costs
// 10 and 12, with hashing on the event loop (the old path) and on the worker pool. Run it with the project's
// environment, alone on the machine:
//   bash /tmp/locked.sh node subgraphs/users/bench/login-throughput.ts
// The flood and the probe run in this process, beside the server: the figures compare the two paths on
// equal terms, they are not the capacity of a dedicated machine. Login limits are lifted so the pool is
// what is measured.
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import {
  createLogger,
  createRedis,
  type ForwardedToken,
  loadConfig,
  redisTarget,
  runMigrations,
  serveGraphQL,
  subgraphSigningKey,
  type Viewer,
} from '@fcfs/shared';
import { callSubgraph } from '@fcfs/shared/testing';
import jwt from 'jsonwebtoken';
import { usersEnv } from '../src/config.ts';
import { createContextFactory } from '../src/context.ts';
import { connectUsersDatabase, migrationsFolder } from '../src/db/client.ts';
import { buildUsersDependencies } from '../src/dependencies.ts';
import { createSmtpMailer } from '../src/mail/mailer.ts';
import { createUsersServer } from '../src/server.ts';
import { createEventLoopHasher } from './event-loop-hasher.ts';

const COSTS = [10, 12];
const FLOOD_SECONDS = Number(process.env.FLOOD_SECONDS ?? 10);
const FLOOD_CONCURRENCY = Number(process.env.FLOOD_CONCURRENCY ?? 32);
const PROBE_INTERVAL_MS = 20;
const PASSWORD = 'benchmark passphrase';
const PATHS = ['event loop', 'worker pool'] as const;
type HashingPath = (typeof PATHS)[number];

const SIGN_UP = /* GraphQL */ `
  mutation SignUp($input: SignUpInput!) { signUp(input: $input) { accessToken } }
`;
const LOGIN = /* GraphQL */ `
  mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }
`;
const ME = /* GraphQL */ 'query Me { me { id } }';

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

interface Round {
  accepted: number;
  refusals: Record<string, number>;
  loginP50: number;
  meP50: number;
  meP99: number;
  meMax: number;
  meCount: number;
  capacity: number | undefined;
}

async function runRound(cost: number, path: HashingPath): Promise<Round> {
  const config = loadConfig(usersEnv, {
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL ?? process.env.USERS_DATABASE_URL,
    BCRYPT_COST: String(cost),
    LOGIN_ATTEMPTS_PER_CLIENT_PER_MINUTE: '1000000',
    LOGIN_HASH_SHARE: '1',
  });
  const logger = createLogger('users-bench', 'error');
  const database = connectUsersDatabase(config.DATABASE_URL);
  await runMigrations(database.db, migrationsFolder);
  const redis = createRedis(redisTarget(config));
  const mailer = createSmtpMailer(config.SMTP_URL, config.MAIL_FROM);
  const built = buildUsersDependencies(config, { db: database.db, redis, mailer, logger });
  const deps = path === 'event loop' ? { ...built, passwords: createEventLoopHasher(cost) } : built;
  if (path === 'event loop') await built.passwords.close();
  const server = await serveGraphQL({
    apollo: createUsersServer(logger),
    context: createContextFactory(deps, config.GATEWAY_SIGNING_SECRET),
    port: 0,
    host: '127.0.0.1',
    logger,
  });
  const key = subgraphSigningKey(config.GATEWAY_SIGNING_SECRET, 'users');
  const call = (
    query: string,
    variables: Record<string, unknown>,
    viewer: Viewer | null = null,
    token?: ForwardedToken,
  ) =>
    callSubgraph<Record<string, { accessToken?: string } | null>>(
      server.url,
      key,
      viewer,
      { query, variables },
      { token: token ?? null },
    );

  const email = `bench-login-${randomBytes(4).toString('hex')}@example.test`;
  try {
    const { token: verificationToken } = await deps.verification.issueToken(deps.pii.emailIndex(email));
    const signedUp = await call(SIGN_UP, {
      input: {
        email,
        password: PASSWORD,
        name: 'Bench User',
        address: '1 Bench-ro, Seoul',
        verificationToken,
      },
    });
    const accessToken = signedUp.data?.signUp?.accessToken;
    if (!accessToken) throw new Error(JSON.stringify(signedUp.errors));
    const claims = jwt.decode(accessToken) as {
      sub: string;
      role: Viewer['role'];
      jti: string;
      exp: number;
      sid: string;
    };
    const viewer: Viewer = { id: claims.sub, role: claims.role };
    const token: ForwardedToken = { jti: claims.jti, expiresAt: claims.exp, sessionId: claims.sid };
    await call(LOGIN, { email, password: PASSWORD }); // warms the threads (or the JIT) before timing

    const deadline = performance.now() + FLOOD_SECONDS * 1000;
    let accepted = 0;
    const refusals: Record<string, number> = {};
    const loginMs: number[] = [];
    const flooder = async () => {
      while (performance.now() < deadline) {
        const started = performance.now();
        const result = await call(LOGIN, { email, password: PASSWORD });
        if (result.data?.login?.accessToken) {
          accepted += 1;
          loginMs.push(performance.now() - started);
        } else {
          const code = String(result.errors?.[0]?.extensions?.code ?? `HTTP ${result.status}`);
          refusals[code] = (refusals[code] ?? 0) + 1;
          // A refused client waits as told, as a client app would, instead of spinning.
          const hint = Number(result.errors?.[0]?.extensions?.retryAfterSeconds ?? 1);
          await new Promise((resolve) => setTimeout(resolve, hint * 1000));
        }
      }
    };
    const meMs: number[] = [];
    const probe = async () => {
      while (performance.now() < deadline) {
        const started = performance.now();
        const result = await call(ME, {}, viewer, token);
        if (result.errors) throw new Error(`me failed: ${JSON.stringify(result.errors)}`);
        meMs.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS));
      }
    };
    const startedAt = performance.now();
    await Promise.all([probe(), ...Array.from({ length: FLOOD_CONCURRENCY }, flooder)]);
    const seconds = (performance.now() - startedAt) / 1000;
    return {
      accepted: accepted / seconds,
      refusals,
      loginP50: percentile(loginMs, 50),
      meP50: percentile(meMs, 50),
      meP99: percentile(meMs, 99),
      meMax: Math.max(...meMs),
      meCount: meMs.length,
      capacity: deps.passwords.capacityPerSecond(),
    };
  } finally {
    await database.pool.query('DELETE FROM users WHERE email_index = ?', [deps.pii.emailIndex(email)]);
    await server.close();
    await deps.passwords.close();
    mailer.close();
    redis.disconnect();
    await database.close();
  }
}

process.stdout.write(
  `login flood: ${FLOOD_CONCURRENCY} concurrent clients for ${FLOOD_SECONDS} s, one me probe every ${PROBE_INTERVAL_MS} ms; ` +
    `${availableParallelism()} cores\n`,
);
for (const cost of COSTS) {
  for (const path of PATHS) {
    const round = await runRound(cost, path);
    const refused =
      Object.entries(round.refusals)
        .map(([code, count]) => `${code} ${count}`)
        .join(', ') || 'none';
    const capacity = round.capacity === undefined ? '' : `, pool capacity ${round.capacity.toFixed(1)}/s`;
    process.stdout.write(
      `cost ${cost}, ${path.padEnd(11)}: ${round.accepted.toFixed(1)} logins/s (login p50 ${round.loginP50.toFixed(0)} ms; refused: ${refused})${capacity}; ` +
        `me p50 ${round.meP50.toFixed(1)} ms, p99 ${round.meP99.toFixed(1)} ms, max ${round.meMax.toFixed(0)} ms over ${round.meCount}\n`,
    );
  }
}
