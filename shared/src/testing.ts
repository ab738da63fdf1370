import { sql } from 'drizzle-orm';
import {
  type ForwardedToken,
  type SignedOperation,
  type SubgraphSigningKey,
  signUserContext,
  type Viewer,
} from './auth/index.ts';
import { redisEnv } from './config/env-fields.ts';
import type { Database } from './db/index.ts';
import { primaries, type Redis, type RedisTarget } from './redis.ts';

/** How long tests' reservations stay recognised as placed (the orders service reads IDEMPOTENCY_WINDOW). */
export const MARKER_TTL_MS = 60_000;

export interface GraphQLResponse<Data = Record<string, unknown>> {
  status: number;
  data?: Data | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/**
 * Calls a subgraph over HTTP the way the gateway does: the operation signed with the subgraph's key for
 * `viewer` (null = anonymous) and, when given, the claims of its access token; `headers` go beside them
 * unsigned.
 */
export async function callSubgraph<Data = Record<string, unknown>>(
  url: string,
  signingKey: SubgraphSigningKey,
  viewer: Viewer | null,
  operation: SignedOperation,
  options: { token?: ForwardedToken | null; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse<Data>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...signUserContext(signingKey, viewer, operation, { token: options.token ?? null }),
      ...options.headers,
    },
    body: JSON.stringify(operation),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<Data>, 'status'>;
  return { status: response.status, ...body };
}

/** Error `locations` point into the test's query text; assertions compare everything else. */
export function withoutLocations<Body extends { errors?: object[] | null }>(body: Body): Body {
  if (!body.errors) return body;
  const errors = body.errors.map((error) => {
    const { locations: _locations, ...rest } = error as typeof error & { locations?: unknown };
    return rest;
  });
  return { ...body, errors };
}

/** Reads a variable the test runner exported (scripts/test.sh loads .infra/local.env). */
export function requireTestEnv(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run the tests through 'pnpm test' (it loads .infra/local.env)`);
  return value;
}

/** The Redis the test runner names: the single server, or the cluster when REDIS_CLUSTER_NODES is set. */
export const testRedisTarget = (): RedisTarget => ({
  url: requireTestEnv('REDIS_URL'),
  clusterNodes: redisEnv.REDIS_CLUSTER_NODES.parse(process.env.REDIS_CLUSTER_NODES),
});

/** Deletes the keys matching `pattern` on every primary, one by one: on a cluster they span slots. */
export async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  for (const server of primaries(redis)) {
    const keys = await server.keys(pattern);
    await Promise.all(keys.map((key) => redis.del(key)));
  }
}

interface CaughtMail {
  subject: string;
  text: string;
  to: { address: string }[];
}

/** Mails the catcher (maildev's REST API) has received for `address`, oldest first. */
export async function mailsTo(address: string): Promise<CaughtMail[]> {
  const response = await fetch(`${requireTestEnv('MAILCATCHER_URL')}/email`);
  const mails = (await response.json()) as CaughtMail[];
  const wanted = address.trim().toLowerCase();
  return mails.filter((mail) => mail.to.some((to) => to.address.toLowerCase() === wanted));
}

export const mailCount = async (address: string) => (await mailsTo(address)).length;

/** Waits for mail number `count` to `address` in the catcher and returns the 6-digit code it carries. */
export async function codeFromMail(address: string, count = 1, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mail = (await mailsTo(address))[count - 1];
    if (mail) {
      const code = /\b(\d{6})\b/.exec(mail.text)?.[1];
      if (!code) throw new Error(`no code in mail: ${mail.text}`);
      return code;
    }
    if (Date.now() > deadline)
      throw new Error(`no mail number ${count} to ${address} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Reads until `done` holds or the time is up, then returns the last value read (the assertion decides). */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * A dump search: every table of the database `db` is connected to, every column read as text, for each of
 * `needles`. Returns `table: needle` for each table where a needle is readable, so an empty list means a full
 * dump shows none of them in the clear.
 */
export async function readableInDump(db: Database, needles: readonly string[]): Promise<string[]> {
  const [columns] = (await db.execute(
    sql`SELECT TABLE_NAME AS tableName, COLUMN_NAME AS columnName FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()`,
  )) as unknown as [{ tableName: string; columnName: string }[]];
  const byTable = new Map<string, string[]>();
  for (const { tableName, columnName } of columns) {
    byTable.set(tableName, [...(byTable.get(tableName) ?? []), columnName]);
  }
  const quote = (name: string) => `\`${name.replaceAll('`', '``')}\``;
  const hits: string[] = [];
  for (const [table, names] of byTable) {
    const text = sql.raw(`CONCAT_WS('|', ${names.map((name) => `CAST(${quote(name)} AS CHAR)`).join(', ')})`);
    for (const needle of needles) {
      const [rows] = (await db.execute(
        sql`SELECT 1 AS hit FROM ${sql.raw(quote(table))} WHERE ${text} LIKE ${`%${needle}%`} LIMIT 1`,
      )) as unknown as [unknown[]];
      if (rows.length > 0) hits.push(`${table}: ${needle}`);
    }
  }
  return hits;
}
