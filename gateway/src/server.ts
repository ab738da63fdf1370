import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ErrorsAreMissesCache } from '@apollo/utils.keyvaluecache';
import type { Redis } from '@fcfs/shared';
import {
  clientError,
  isClientError,
  type Logger,
  maskError,
  subgraphSigningKey,
  withoutSuggestions,
} from '@fcfs/shared';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { DirectiveGuard } from './auth/directive-guard.ts';
import { supergraphForPlanning } from './auth/directive-links.ts';
import type { GatewayContext } from './context.ts';
import { type ApqStoreLimits, createApqStore } from './limits/apq-cache.ts';
import type { QueryLimiter } from './limits/query-limits.ts';
import { enforceRateLimits, type MutationRateLimits } from './limits/rate-limits.ts';
import type { GatewayMetrics } from './metrics.ts';
import type { RequestGate } from './request-gate.ts';
import { requestMetrics } from './request-metrics.ts';
import { createReadSharing } from './shared-reads.ts';
import { subgraphDataSource } from './subgraph-data-source.ts';
import type { SubgraphFetcher } from './subgraph-fetcher.ts';

export interface GatewayServerOptions {
  supergraphSdl: string;
  /** Routing URL by subgraph name; every subgraph of the supergraph needs one. */
  subgraphUrls: Record<string, string>;
  signingSecret: string;
  fetcher: SubgraphFetcher;
  redis: Redis;
  logger: Logger;
  queryLimiter: QueryLimiter;
  directiveGuard: DirectiveGuard;
  rateLimits: MutationRateLimits;
  requestGate: RequestGate;
  introspection: boolean;
  apq: ApqStoreLimits;
  metrics: GatewayMetrics;
  /** Called with the supergraph's API schema once the gateway has loaded it (subscriptions validate with it). */
  onSchemaLoad: (apiSchema: GraphQLSchema) => void;
}

const subscriptionsOverHttp = () =>
  new GraphQLError('Subscriptions are served over WebSocket (graphql-ws) at this same /graphql path', {
    extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
  });

const revokedToken = () =>
  clientError('UNAUTHENTICATED', 'The access token has been revoked', { http: { status: 401 } });

/**
 * Runs after Apollo parsed and validated the operation and before the gateway plans it, so a refused
 * operation never reaches a subgraph: limits first (cheapest, no I/O), then auth directives, then one Redis
 * round trip that checks the token's revocation and counts the rate limits.
 */
function operationGuards(options: GatewayServerOptions): ApolloServerPlugin<GatewayContext> {
  const { queryLimiter, directiveGuard, rateLimits, requestGate } = options;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, schema, request, contextValue, operationName }) {
          if (!operation) return;
          if (operation.operation === 'subscription') throw subscriptionsOverHttp();
          queryLimiter.enforce(schema, document, operationName ?? undefined, request.variables);
          directiveGuard.enforce(schema, document, operation, contextValue.viewer);
          const hits = rateLimits.hitsOf(document, operation, request.variables ?? {}, contextValue);
          const verdict = await requestGate.admit(contextValue.token, hits);
          if (verdict.revoked) throw revokedToken();
          enforceRateLimits(verdict.decisions);
        },
      };
    },
  };
}

/** Echoes the request id to the client and logs each operation's outcome under it. */
function requestLogging(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async willSendResponse({ response, operationName, errors }) {
          response.http.headers.set('x-request-id', contextValue.requestId);
          const codes = (errors ?? []).map((error) =>
            isClientError(error) ? error.extensions.code : 'INTERNAL',
          );
          logger[codes.includes('INTERNAL') ? 'warn' : 'debug'](
            {
              requestId: contextValue.requestId,
              operationName,
              userId: contextValue.viewer?.id,
              ms: Math.round(performance.now() - started),
              ...(codes.length > 0 ? { errors: codes } : {}),
            },
            'operation',
          );
        },
      };
    },
  };
}

export function createGatewayServer(options: GatewayServerOptions): ApolloServer<GatewayContext> {
  const { supergraphSdl, subgraphUrls, signingSecret, fetcher, redis, logger, introspection } = options;
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphForPlanning(supergraphSdl),
    buildService: ({ name, url }) => {
      const routingUrl = subgraphUrls[name];
      if (!routingUrl)
        throw new Error(`no URL configured for subgraph "${name}" (supergraph default: ${url})`);
      return subgraphDataSource({
        url: routingUrl,
        signingKey: subgraphSigningKey(signingSecret, name),
        post: fetcher.to(routingUrl),
        shareRead: createReadSharing(() => options.metrics.subgraphReadShared(name)),
      });
    },
  });
  const cache = new ErrorsAreMissesCache(createApqStore(redis, options.apq));
  const formatError = maskError((error) => logger.error({ err: error }, 'internal error'));
  return new ApolloServer<GatewayContext>({
    gateway,
    // With introspection off, "Did you mean" guesses would hand out the schema one typo at a time.
    formatError: introspection ? formatError : withoutSuggestions(formatError),
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // The service's own shutdown owns SIGINT/SIGTERM. Apollo's handler would start a second stop() whose
    // barrier never resolves (apollo/server 5.5), so the service's stop() waited forever.
    stopOnTerminationSignals: false,
    introspection,
    persistedQueries: { cache, ttl: options.apq.ttlSeconds },
    plugins: [
      introspection
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
      operationGuards(options),
      requestLogging(logger),
      requestMetrics(options.metrics),
      {
        async serverWillStart() {
          return { schemaDidLoadOrUpdate: ({ apiSchema }) => options.onSchemaLoad(apiSchema) };
        },
      },
    ],
  });
}
