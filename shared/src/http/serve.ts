import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServer, BaseContext, ContextFunction } from '@apollo/server';
import express from 'express';
import type { Logger } from '../logger.ts';
import type { MetricsSource } from '../metrics/cluster-metrics.ts';
import { apolloHandler, type ExpressContextArgument } from './apollo-handler.ts';
import { corsFor } from './cors.ts';
import { metricsRoute, readinessRoute } from './probe-routes.ts';

export interface ServeOptions<Context extends BaseContext> {
  apollo: ApolloServer<Context>;
  context: ContextFunction<[ExpressContextArgument], Context>;
  port: number;
  host?: string;
  logger: Logger;
  /** Dependencies to probe for `/ready`; each resolves when reachable and throws otherwise. */
  readinessChecks?: Record<string, () => Promise<unknown>>;
  bodyLimit?: string;
  /** The service's metrics, served as Prometheus text at `/metrics`. */
  metrics?: MetricsSource;
  /** Browser origins allowed to call `/graphql` (CORS); none by default, so only same-origin pages can. */
  corsOrigins?: readonly string[];
  /** Extra public routes beside `/graphql` (e.g. users' JWKS); they get no signed-context check. */
  routes?: (app: express.Express) => void;
}

/**
 * Half the default SHUTDOWN_TIMEOUT (services pass half of theirs): in-flight requests get time to finish, the
 * rest of the stop gets the other half.
 */
const DEFAULT_CLOSE_GRACE_MS = 5_000;

/**
 * How long an idle keep-alive connection stays open: longer than the idle time of the clients and proxies in
 * front (undici keeps a socket for the server's hint less a second; load balancers commonly 60 s). With Node's
 * 5 s default, a request sent on a socket the server was just closing is reset (ECONNRESET), and a POST is not
 * retried: a mutation lost between two waves of a sale. Shutdown closes idle connections itself (`close`).
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export interface RunningServer {
  url: string;
  port: number;
  httpServer: Server;
  /**
   * Stops accepting, lets in-flight requests finish for up to `graceMs`, then cuts the connections still
   * open and stops Apollo.
   */
  close: (graceMs?: number) => Promise<void>;
}

/**
 * The HTTP shell shared by every service: `/graphql`, `/health` (live), `/ready` (dependencies) and, given a
 * registry, `/metrics`.
 */
export async function serveGraphQL<Context extends BaseContext>(
  options: ServeOptions<Context>,
): Promise<RunningServer> {
  const {
    apollo,
    context,
    port,
    host = '0.0.0.0',
    logger,
    readinessChecks = {},
    bodyLimit = '100kb',
    metrics,
    corsOrigins = [],
    routes,
  } = options;
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', readinessRoute(readinessChecks));
  if (metrics) app.get('/metrics', metricsRoute(metrics, logger));
  routes?.(app);
  app.use(
    '/graphql',
    corsFor(corsOrigins),
    express.json({ limit: bodyLimit }),
    apolloHandler(apollo, context),
  );
  app.use(bodyErrorHandler(logger));

  const httpServer = createServer(app);
  httpServer.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  await new Promise<void>((resolve) => httpServer.listen(port, host, resolve));
  const actualPort = (httpServer.address() as AddressInfo).port;
  logger.info({ port: actualPort }, 'listening');

  return {
    url: `http://127.0.0.1:${actualPort}/graphql`,
    port: actualPort,
    httpServer,
    close: async (graceMs = DEFAULT_CLOSE_GRACE_MS) => {
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      // A keep-alive connection that finishes its request after close() would otherwise idle on until the
      // client drops it: each one is closed as soon as it has nothing in flight.
      httpServer.closeIdleConnections();
      const closeIdle = setInterval(() => httpServer.closeIdleConnections(), 50);
      const forceAfter = setTimeout(() => httpServer.closeAllConnections(), graceMs);
      await closed;
      clearInterval(closeIdle);
      clearTimeout(forceAfter);
      await apollo.stop();
    },
  };
}

const BODY_ERRORS: Record<string, string> = {
  'entity.too.large': 'The request body is too large',
  'entity.parse.failed': 'The request body is not valid JSON',
  'encoding.unsupported': 'The request body encoding is not supported',
  'charset.unsupported': 'The request body charset is not supported',
};

/**
 * express answers a body it cannot read with an HTML page that shows the stack outside production; this
 * answers in GraphQL's shape instead and never shows more than the problem.
 */
function bodyErrorHandler(logger: Logger): express.ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const { type, status } = (error ?? {}) as { type?: unknown; status?: unknown };
    const message = typeof type === 'string' ? BODY_ERRORS[type] : undefined;
    if (message && typeof status === 'number') {
      res.status(status).json({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    logger.error({ err: error }, 'request failed');
    res.status(500).json({
      errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
    });
  };
}
