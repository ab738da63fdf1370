import { readFileSync } from 'node:fs';
import type { ApolloServer } from '@apollo/server';
import type { Redis } from '@fcfs/shared';
import {
  createKafka,
  createMetricsRegistry,
  createRedis,
  type Logger,
  metricsSourceOf,
  type Registry,
  type RunningServer,
  redisTarget,
  ShutdownSequence,
  serveGraphQL,
} from '@fcfs/shared';
import type { GraphQLSchema } from 'graphql';
import { createAccessTokenVerifier, es256PublicKey } from './auth/access-token.ts';
import { createAuthenticator } from './auth/authenticate.ts';
import { authorizationRules } from './auth/authorization-rules.ts';
import { createDirectiveGuard } from './auth/directive-guard.ts';
import { SUPERGRAPH_PATH } from './composition/supergraph.ts';
import { type GatewayConfig, subgraphUrls } from './config.ts';
import { type ContextDependencies, createContextFactory, type GatewayContext } from './context.ts';
import { createApqBudget } from './limits/apq-budget.ts';
import { createQueryLimiter } from './limits/query-limits.ts';
import { createMutationRateLimits } from './limits/rate-limits.ts';
import { createGatewayMetrics } from './metrics.ts';
import { createRequestGate } from './request-gate.ts';
import { createGatewayServer } from './server.ts';
import { createSubgraphFetcher } from './subgraph-fetcher.ts';
import { type AvailabilityFeed, createAvailabilityFeed } from './subscriptions/availability-feed.ts';
import { createAvailabilityReader } from './subscriptions/availability-reader.ts';
import { type OrderEventSource, startOrderEventSource } from './subscriptions/order-events.ts';
import { createOrderPayloads } from './subscriptions/order-payloads.ts';
import { createOrderStatusFeed, type OrderStatusFeed } from './subscriptions/order-status-feed.ts';
import { type SubscriptionServer, startSubscriptionServer } from './subscriptions/ws-server.ts';

export interface GatewayApp {
  url: string;
  server: RunningServer;
  apollo: ApolloServer<GatewayContext>;
  redis: Redis;
  /** Served at `/metrics`; under the worker cluster each worker has its own and answers for itself. */
  metrics: Registry;
  feed: OrderStatusFeed;
  availability: AvailabilityFeed;
  events: OrderEventSource;
  subscriptions: SubscriptionServer;
  /** Closes sockets (1001), drains in-flight HTTP requests, then leaves Kafka and Redis. */
  /** The gateway's stop, step by step; `stop()` runs it. */
  shutdown: ShutdownSequence;
  stop: () => Promise<void>;
}

export interface GatewayAppOptions {
  /** Defaults to the committed gateway/supergraph.graphql. */
  supergraphSdl?: string;
  host?: string;
}

const HEALTH_TIMEOUT_MS = 2_000;

/** `/ready` probes each subgraph's `/health` beside `/graphql`. */
const subgraphHealth = (graphqlUrl: string) => async () => {
  const response = await fetch(new URL('health', graphqlUrl.replace(/graphql\/?$/, '')), {
    signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`health answered ${response.status}`);
};

/** The whole gateway: HTTP (Apollo + the supergraph), WebSocket subscriptions and the Kafka event source. */
export async function startGateway(
  config: GatewayConfig,
  logger: Logger,
  options: GatewayAppOptions = {},
): Promise<GatewayApp> {
  const supergraphSdl = options.supergraphSdl ?? readFileSync(SUPERGRAPH_PATH, 'utf8');
  const redis = createRedis(redisTarget(config), { connectionName: 'gateway' });
  const requestGate = createRequestGate(redis);
  const verifier = createAccessTokenVerifier({
    publicKey: es256PublicKey(config.JWT_PUBLIC_KEY_FILE),
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
  const contextDeps: ContextDependencies = {
    authenticator: createAuthenticator(verifier),
    trustedProxyHops: config.TRUST_PROXY_HOPS,
  };
  const queryLimiter = createQueryLimiter({
    maxDepth: config.GATEWAY_MAX_DEPTH,
    maxAliases: config.GATEWAY_MAX_ALIASES,
    maxCost: config.GATEWAY_MAX_COST,
    scanRows: config.GATEWAY_SCAN_COST,
  });
  const apqBudget = createApqBudget(config.APQ_MAX_QUERY_BYTES);
  const directiveGuard = createDirectiveGuard(authorizationRules(supergraphSdl));
  const urls = subgraphUrls(config);

  const metrics = createMetricsRegistry('gateway');
  const gatewayMetrics = createGatewayMetrics(metrics);
  const subgraphOfOrigin = new Map(Object.entries(urls).map(([name, url]) => [new URL(url).origin, name]));
  const subgraphFetcher = createSubgraphFetcher((origin, status, seconds) =>
    gatewayMetrics.subgraphFetched(subgraphOfOrigin.get(origin) ?? 'unknown', status, seconds),
  );

  let apiSchema: GraphQLSchema | undefined;
  const apollo = createGatewayServer({
    supergraphSdl,
    subgraphUrls: urls,
    signingSecret: config.GATEWAY_SIGNING_SECRET,
    fetcher: subgraphFetcher,
    redis,
    logger,
    queryLimiter,
    directiveGuard,
    requestGate,
    rateLimits: createMutationRateLimits(
      {
        windowMs: config.RATE_LIMIT_WINDOW,
        mutationsPerUser: config.RATE_LIMIT_MUTATIONS_PER_USER,
        mutationsPerClient: config.RATE_LIMIT_MUTATIONS_PER_CLIENT,
        loginPerClient: config.RATE_LIMIT_LOGIN_PER_CLIENT,
        loginPerAccount: config.RATE_LIMIT_LOGIN_PER_ACCOUNT,
        placeOrderPerUser: config.RATE_LIMIT_PLACE_ORDER_PER_USER,
        placeOrderPerClient: config.RATE_LIMIT_PLACE_ORDER_PER_CLIENT,
        expensiveQueryCost: config.GATEWAY_EXPENSIVE_COST,
        expensiveQueriesPerClient: config.RATE_LIMIT_EXPENSIVE_QUERIES_PER_CLIENT,
        apqRegistrationsPerClient: config.RATE_LIMIT_APQ_REGISTRATIONS_PER_CLIENT,
      },
      { costOf: queryLimiter.costOf, isRegistering: apqBudget.isRegistering },
    ),
    introspection: config.GATEWAY_INTROSPECTION,
    apq: { ttlSeconds: Math.ceil(config.APQ_TTL / 1000), maxEntries: config.APQ_MAX_ENTRIES },
    metrics: gatewayMetrics,
    onSchemaLoad: (schema) => {
      apiSchema = schema;
    },
  });
  apollo.addPlugin(apqBudget.plugin);

  const kafka = createKafka(config.KAFKA_BROKERS, 'gateway', logger);
  const feed = createOrderStatusFeed();
  const availability = createAvailabilityFeed({ read: createAvailabilityReader(apollo), logger });
  const events = await startOrderEventSource({ kafka, feed, availability, logger });

  let server: RunningServer;
  try {
    server = await serveGraphQL({
      apollo,
      context: createContextFactory(contextDeps),
      port: config.PORT,
      ...(options.host ? { host: options.host } : {}),
      logger,
      bodyLimit: config.GATEWAY_BODY_LIMIT,
      metrics: metricsSourceOf(metrics),
      corsOrigins: config.CORS_ORIGINS,
      readinessChecks: {
        redis: () => redis.ping(),
        ...Object.fromEntries(Object.entries(urls).map(([name, url]) => [name, subgraphHealth(url)])),
      },
    });
  } catch (error) {
    await events.stop();
    await subgraphFetcher.close();
    redis.disconnect();
    throw error;
  }

  const subscriptions = startSubscriptionServer({
    ...contextDeps,
    httpServer: server.httpServer,
    payloads: createOrderPayloads(apollo),
    schema: () => {
      if (!apiSchema) throw new Error('the supergraph is not loaded yet');
      return apiSchema;
    },
    revocations: requestGate,
    feed,
    availability,
    queryLimiter,
    directiveGuard,
    revocationCheckMs: config.SUBSCRIPTION_REVOCATION_CHECK,
    maxPayloadBytes: 64 * 1024,
    connectTimeoutMs: config.SUBSCRIPTION_CONNECT_TIMEOUT,
    caps: {
      perClient: config.SUBSCRIPTION_MAX_SOCKETS_PER_CLIENT,
      perUser: config.SUBSCRIPTION_MAX_SOCKETS_PER_USER,
      perSocket: config.SUBSCRIPTION_MAX_PER_SOCKET,
    },
    logger,
  });
  gatewayMetrics.countSockets(subscriptions.connections);

  const shutdown = new ShutdownSequence(logger)
    .add('subscriptions', () => subscriptions.dispose())
    .add('http server', () => server.close(config.SHUTDOWN_TIMEOUT / 2))
    .add('kafka event source', () => events.stop())
    .add('availability feed', () => availability.dispose())
    .add('subgraph connections', () => subgraphFetcher.close())
    .add('redis', () => redis.disconnect());

  return {
    url: server.url,
    server,
    apollo,
    redis,
    metrics,
    feed,
    availability,
    events,
    subscriptions,
    shutdown,
    stop: () => shutdown.run(),
  };
}
