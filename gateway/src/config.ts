import { availableParallelism } from 'node:os';
import { baseEnv, duration, jwtVerifyEnv, kafkaEnv, portEnv, redisEnv, signingEnv } from '@fcfs/shared';
import { z } from 'zod';
import { defaultSubgraphUrl, type SUBGRAPH_DEFAULT_PORTS } from './composition/subgraphs.ts';

const positiveInt = (defaultValue: number) => z.coerce.number().int().min(1).default(defaultValue);

const flag = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .transform((text) => text === 'true' || text === '1')
  .optional();

const subgraphUrl = (name: keyof typeof SUBGRAPH_DEFAULT_PORTS) =>
  z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).default(defaultSubgraphUrl(name));

export const gatewayEnv = z
  .object({
    ...baseEnv,
    ...portEnv(4000),
    ...redisEnv,
    ...kafkaEnv,
    ...signingEnv,
    ...jwtVerifyEnv,
    USERS_URL: subgraphUrl('users'),
    CATALOG_URL: subgraphUrl('catalog'),
    ORDERS_URL: subgraphUrl('orders'),
    PAYMENTS_URL: subgraphUrl('payments'),
    /**
     * Gateway processes sharing the port under node:cluster (default: one per core). Each has its own Kafka
     * group for the subscription feed, so every one of them sees every order status change.
     */
    GATEWAY_WORKERS: z.coerce.number().int().min(1).max(64).default(availableParallelism()),
    /**
     * Browser origins (scheme://host[:port], comma-separated) allowed to call /graphql: the storefront's. Any
     * other origin gets no CORS header and its preflight is refused.
     */
    CORS_ORIGINS: z
      .string()
      .default('http://localhost:3000')
      .transform((text) => text.split(',').map((origin) => origin.trim()))
      .pipe(
        z.array(
          z
            .url({ protocol: /^https?$/, error: 'must list http(s) origins separated by commas' })
            .refine(
              (origin) => new URL(origin).origin === origin,
              'must be an origin, without path or slash',
            ),
        ),
      ),
    /** Introspection and the Sandbox landing page; on by default in development only. */
    GATEWAY_INTROSPECTION: flag,
    /** Largest request body accepted on /graphql (express size syntax). */
    GATEWAY_BODY_LIMIT: z
      .string()
      .regex(/^\d+(b|kb|mb)$/, 'must be a size like 64kb')
      .default('64kb'),
    /** Deepest selection nesting an operation may have (fragments flattened). */
    GATEWAY_MAX_DEPTH: positiveInt(12),
    /** Most aliases one operation may use: an alias bomb multiplies subgraph work without growing the depth. */
    GATEWAY_MAX_ALIASES: positiveInt(30),
    /**
     * Most estimated work of one operation: every field resolution and every row a resolver reads (a page of
     * `first` rows resolves its `edges` `first` times; see limits/connection-cost.ts).
     */
    GATEWAY_MAX_COST: positiveInt(5_000),
    /** Rows the cost model assumes a count (`totalCount`) or a page filtered row by row reads. */
    GATEWAY_SCAN_COST: positiveInt(1_000),
    /** An operation costing at least this much counts against RATE_LIMIT_EXPENSIVE_QUERIES_PER_CLIENT. */
    GATEWAY_EXPENSIVE_COST: positiveInt(1_000),
    /** How long a registered persisted query stays in Redis after its last registration or use. */
    APQ_TTL: duration('1d'),
    /** Largest query (bytes) a client may register as a persisted query. */
    APQ_MAX_QUERY_BYTES: positiveInt(8 * 1024),
    /** Most persisted queries kept in Redis (all replicas together); the least recently used are evicted. */
    APQ_MAX_ENTRIES: positiveInt(10_000),
    /**
     * Proxies in front of the gateway whose `X-Forwarded-For` entries are trusted. 0: the client address is the
     * TCP peer, and a client cannot pick its own rate-limit bucket by sending the header.
     */
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    RATE_LIMIT_WINDOW: duration('1m'),
    /** Mutations per signed-in user and per client address, each window. */
    RATE_LIMIT_MUTATIONS_PER_USER: positiveInt(120),
    RATE_LIMIT_MUTATIONS_PER_CLIENT: positiveInt(10_000),
    /** `login` per client address and per account (email) each window; users also counts failures itself. */
    RATE_LIMIT_LOGIN_PER_CLIENT: positiveInt(2_000),
    RATE_LIMIT_LOGIN_PER_ACCOUNT: positiveInt(10),
    /**
     * `placeOrder` per buyer and per client address. Per buyer is what protects a sale from one scripted
     * account; per client stays high because a flash-sale crowd behind one NAT (or the 300-buyer benchmark on
     * one machine) shares an address.
     */
    RATE_LIMIT_PLACE_ORDER_PER_USER: positiveInt(10),
    RATE_LIMIT_PLACE_ORDER_PER_CLIENT: positiveInt(10_000),
    /** Operations costing GATEWAY_EXPENSIVE_COST or more, per client address each window. */
    RATE_LIMIT_EXPENSIVE_QUERIES_PER_CLIENT: positiveInt(600),
    /** Persisted-query registrations per client address each window. */
    RATE_LIMIT_APQ_REGISTRATIONS_PER_CLIENT: positiveInt(60),
    /** How often open subscriptions re-check their token against the deny-list. */
    SUBSCRIPTION_REVOCATION_CHECK: duration('10s'),
    /** A socket that has not sent `connection_init` (with its token) by then is closed (4408). */
    SUBSCRIPTION_CONNECT_TIMEOUT: duration('3s'),
    /** Open sockets per client address and per signed-in user, on each gateway replica. */
    SUBSCRIPTION_MAX_SOCKETS_PER_CLIENT: positiveInt(100),
    SUBSCRIPTION_MAX_SOCKETS_PER_USER: positiveInt(10),
    /** Active subscriptions on one socket. */
    SUBSCRIPTION_MAX_PER_SOCKET: positiveInt(20),
  })
  .transform(({ GATEWAY_INTROSPECTION, ...env }) => ({
    ...env,
    GATEWAY_INTROSPECTION: GATEWAY_INTROSPECTION ?? env.NODE_ENV === 'development',
  }));

export type GatewayConfig = z.output<typeof gatewayEnv>;

/** Routing URL of each subgraph by its name in the supergraph (the `join__graph` name, lower case). */
export const subgraphUrls = (config: GatewayConfig): Record<string, string> => ({
  users: config.USERS_URL,
  catalog: config.CATALOG_URL,
  orders: config.ORDERS_URL,
  payments: config.PAYMENTS_URL,
});
