import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { createDatabase, createRedis } from '@fcfs/shared';
import { requireTestEnv } from '@fcfs/shared/testing';
import { type SQL, sql } from 'drizzle-orm';
import { type Buyer, createProduct, dataOf, eventually, loginAdmin, signUpBuyer } from '../support/buyers.ts';
import { membersOf } from '../support/consumer-groups.ts';
import { type GraphQLResult, Platform, type ServiceExit } from '../support/platform.ts';
import { violationsOf } from '../support/violations.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const BUYERS = 40;
const UNITS = 20;
/** Answers that end a buyer's attempt; anything else is transient and the buyer retries with the same key. */
const FINAL_REFUSALS = new Set(['OUT_OF_STOCK']);
const PAID = new Set(['PAID', 'SHIPPING', 'DELIVERED']);
/** What no response may ever show, whatever broke underneath: SQL, driver codes, stack frames, addresses. */
const LEAKS = [
  /\b(select|insert into|update)\b.*\b(from|values|set)\b/i,
  /\bER_[A-Z_]+/,
  /\bat \S+ \(/,
  /127\.0\.0\.1|localhost|\.ts:\d/,
];
/** The services' default SHUTDOWN_TIMEOUT: a graceful stop that reaches it exits 1. */
const SHUTDOWN_TIMEOUT_MS = 10_000;
/** Answers a well-behaved client waits out (`retryAfterSeconds`) and retries with the same key. */
const RETRYABLE = new Set(['TEMPORARILY_UNAVAILABLE', 'RATE_LIMITED']);

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sh = promisify(execFile);

let platform: Platform;
let adminToken: string;
before(async () => {
  // The services a test stops run as `pnpm start` runs them (NODE_ENV=development): Apollo installs its own
  // signal handlers outside NODE_ENV=test, and those are what once kept a SIGTERMed service alive.
  const asStarted = { NODE_ENV: 'development' };
  platform = await Platform.start({
    // A crashed scheduler's lease lapses quickly, and holds of crashed writes are swept within the test.
    orders: { ...asStarted, SCHEDULER_LEASE: '3s', ORPHAN_HOLD_GRACE: '5s' },
    // Charges take long enough that a kill lands while some are in flight.
    payments: { ...asStarted, PAYMENT_LATENCY_MS: '400' },
    // Buyers retry through outages; the per-buyer placeOrder limit is not what this test is about.
    gateway: { ...asStarted, RATE_LIMIT_PLACE_ORDER_PER_USER: '1000' },
  });
  adminToken = await loginAdmin(platform);
});
after(() => platform?.close());

interface Attempt {
  buyer: Buyer;
  orderId?: string;
  refusal?: string;
  /** Codes of the transient answers the buyer got before the final one. */
  transient: string[];
}

const PLACE = /* GraphQL */ `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id status } }`;

const isRevoked = (result: GraphQLResult<unknown>) =>
  result.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED' && /revoked/.test(result.errors[0].message);

/** What a client app does when its access token is refused as revoked: one refresh, from MySQL's sessions. */
async function refreshSession(buyer: Buyer): Promise<void> {
  const { refreshToken } = dataOf(
    await platform.graphql<{ refreshToken: { accessToken: string; refreshToken: string } }>(
      /* GraphQL */ `mutation($token: String!) { refreshToken(refreshToken: $token) { accessToken refreshToken } }`,
      { token: buyer.refreshToken },
    ),
  );
  buyer.accessToken = refreshToken.accessToken;
  buyer.refreshToken = refreshToken.refreshToken;
}

/** A client app's buy button: one idempotency key, retried on anything that is not a final answer. */
async function buyUntilAnswered(buyer: Buyer, productId: string): Promise<Attempt> {
  const attempt: Attempt = { buyer, transient: [] };
  const idempotencyKey = randomUUID();
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const result = await platform
      .graphql<{ placeOrder: { id: string } }>(
        PLACE,
        { input: { items: [{ productId, quantity: 1 }], idempotencyKey } },
        buyer.accessToken,
      )
      .catch(
        (error: unknown): GraphQLResult<{ placeOrder: { id: string } }> => ({
          status: 0,
          errors: [{ message: String(error) }],
        }),
      );
    const body = JSON.stringify(result);
    for (const leak of LEAKS) assert.doesNotMatch(body, leak, `a response leaked internals: ${body}`);
    const orderId = result.data?.placeOrder?.id;
    if (orderId) return { ...attempt, orderId };
    const code = String(result.errors?.[0]?.extensions?.code ?? `HTTP ${result.status}`);
    if (FINAL_REFUSALS.has(code)) return { ...attempt, refusal: code };
    attempt.transient.push(code);
    if (isRevoked(result)) {
      await refreshSession(buyer);
      continue;
    }
    await later(1_000 * Number(result.errors?.[0]?.extensions?.retryAfterSeconds ?? 1));
  }
  throw new Error(`no final answer within 90 s; transient answers: ${attempt.transient.join(', ')}`);
}

async function orderStatus(attempt: Attempt): Promise<string | undefined> {
  const ask = () =>
    platform.graphql<{ order: { status: string } | null }>(
      /* GraphQL */ `query($id: ID!) { order(id: $id) { status } }`,
      { id: attempt.orderId },
      attempt.buyer.accessToken,
    );
  let result = await ask();
  if (isRevoked(result)) {
    await refreshSession(attempt.buyer);
    result = await ask();
  }
  return result.data?.order?.status;
}

/**
 * A flash sale of UNITS units to BUYERS buyers arriving over a second, with `fault` injected mid-sale. Then:
 * every unit sold exactly once, every other buyer a clear OUT_OF_STOCK, every order paid once, and the
 * consistency checker finds nothing. Returns the transient answers buyers saw, for the record.
 */
async function saleSurvives(fault: () => Promise<void>): Promise<string[]> {
  const productId = await createProduct(platform, adminToken, {
    name: `fault ${randomUUID()}`,
    stock: UNITS,
  });
  const buyers: Buyer[] = [];
  for (let batch = 0; batch < BUYERS; batch += 20) {
    buyers.push(...(await Promise.all(Array.from({ length: 20 }, () => signUpBuyer(platform)))));
  }

  const sale = Promise.all(
    buyers.map((buyer, index) => later(index * 25).then(() => buyUntilAnswered(buyer, productId))),
  );
  // A failing buyer must not end the test while the fault is still in place; the failure is rethrown below.
  sale.catch(() => undefined);
  await later(300);
  await fault();
  const attempts = await sale;

  const bought = attempts.filter((attempt) => attempt.orderId);
  assert.equal(bought.length, UNITS, 'every unit is sold, none twice');
  assert.equal(new Set(bought.map((attempt) => attempt.orderId)).size, UNITS);
  assert.deepEqual(
    attempts.filter((attempt) => !attempt.orderId).map((attempt) => attempt.refusal),
    Array.from({ length: BUYERS - UNITS }, () => 'OUT_OF_STOCK'),
  );

  const statuses = await eventually(
    () => Promise.all(bought.map(orderStatus)),
    (all) => all.every((status) => status !== undefined && PAID.has(status)),
    90_000,
    500,
  );
  assert.deepEqual(
    statuses.filter((status) => !status || !PAID.has(status)),
    [],
    'every accepted order is paid',
  );
  const violations = await eventually(
    () => violationsOf(productId),
    (found) => found.length === 0,
    60_000,
    500,
  );
  assert.deepEqual(violations, []);
  return attempts.flatMap((attempt) => attempt.transient);
}

/** Locks the orders database account and cuts its connections, as a network partition to MySQL would. */
async function dropOrdersDatabase(forMs: number): Promise<void> {
  const user = new URL(requireTestEnv('ORDERS_DATABASE_URL')).username;
  assert.match(user, /^\w+$/);
  const adminUrl = process.env.MYSQL_ADMIN_URL ?? 'mysql://root@127.0.0.1:3306';
  const admin = createDatabase(adminUrl, {}, { connectionLimit: 1 });
  const rows = async <Row>(query: SQL) => ((await admin.db.execute(query)) as unknown as [Row[]])[0];
  try {
    const hosts = await rows<{ host: string }>(sql`SELECT Host AS host FROM mysql.user WHERE User = ${user}`);
    const accounts = hosts.map(({ host }) => `'${user}'@'${host.replaceAll("'", "''")}'`).join(', ');
    await admin.db.execute(sql.raw(`ALTER USER ${accounts} ACCOUNT LOCK`));
    const sessions = await rows<{ id: number }>(
      sql`SELECT ID AS id FROM information_schema.PROCESSLIST WHERE USER = ${user}`,
    );
    for (const { id } of sessions) {
      await admin.db.execute(sql.raw(`KILL CONNECTION ${Number(id)}`)).catch(() => undefined);
    }
    await later(forMs);
    await admin.db.execute(sql.raw(`ALTER USER ${accounts} ACCOUNT UNLOCK`));
  } finally {
    await admin.close();
  }
}

describe('faults mid-sale: nothing oversold, nothing lost, the checker finds nothing', () => {
  test('the Kafka broker stops and comes back: orders are still taken, and all get paid once', async () => {
    const transient = await saleSurvives(async () => {
      await sh('bash', ['scripts/infra.sh', 'stop', 'kafka'], { cwd: ROOT });
      await later(2_000);
      await sh('bash', ['scripts/infra.sh', 'start', 'kafka'], { cwd: ROOT });
    });
    // Orders are written with their events to the outbox: the broker's absence never reaches a buyer.
    assert.deepEqual(transient, []);
  });

  test('the orders process is killed (SIGKILL) and restarted: no lost order, no leaked hold', async () => {
    const transient = await saleSurvives(async () => {
      await platform.stopService('orders', 'SIGKILL');
      await later(1_000);
      await platform.startService('orders');
    });
    assert.ok(
      transient.every((code) => RETRYABLE.has(code)),
      transient.join(', '),
    );
  });

  test('the payments process is killed mid-charge and restarted: each order charged once', async () => {
    const transient = await saleSurvives(async () => {
      await later(500);
      await platform.stopService('payments', 'SIGKILL');
      await later(1_000);
      await platform.startService('payments');
    });
    assert.deepEqual(transient, [], 'buyers never notice payments');
  });

  test('orders, payments and the gateway get SIGTERM mid-sale: each exits in time, its restart takes over', async (t) => {
    const exits: Partial<Record<'orders' | 'payments' | 'gateway', ServiceExit>> = {};
    const transient = await saleSurvives(async () => {
      for (const service of ['orders', 'payments', 'gateway'] as const) {
        exits[service] = await platform.stopService(service);
        await platform.startService(service);
      }
    });
    t.diagnostic(`stop times: ${Object.entries(exits).map(([name, exit]) => `${name} ${exit?.ms} ms`)}`);
    for (const [service, exit] of Object.entries(exits)) {
      assert.equal(exit?.code, 0, `${service} stopped cleanly: ${JSON.stringify(exit)}`);
      assert.ok(exit.ms < SHUTDOWN_TIMEOUT_MS, `${service} took ${exit.ms} ms to stop`);
    }
    // Each stopped process left its group, so the restarted one is its only member and holds every partition
    // (the orders above were all paid through them).
    assert.equal(await membersOf('orders'), 1);
    assert.equal(await membersOf('payments'), 1);
    // While the gateway restarts, a buyer's request finds no listener (HTTP 0) and is retried like any other.
    assert.ok(
      transient.every((code) => RETRYABLE.has(code) || code === 'HTTP 0'),
      transient.join(', '),
    );
  });

  test('the orders database drops every connection for 3 s: clear retryable errors, then recovery', async () => {
    const transient = await saleSurvives(() => dropOrdersDatabase(3_000));
    assert.ok(
      transient.every((code) => RETRYABLE.has(code)),
      transient.join(', '),
    );
  });

  test('Redis loses all its data (FLUSHALL): sales pause, counters are rebuilt, nothing oversold', async () => {
    const redis = createRedis(requireTestEnv('REDIS_URL'));
    try {
      const transient = await saleSurvives(async () => {
        await redis.flushall();
      });
      // The deny-list went with the data, so tokens issued before the loss are refused: each buyer refreshes
      // once (UNAUTHENTICATED, "revoked") and buys on with the new token.
      assert.ok(
        transient.every((code) => RETRYABLE.has(code) || code === 'UNAUTHENTICATED'),
        transient.join(', '),
      );
    } finally {
      redis.disconnect();
    }
  });
});
