import type { Server } from 'node:http';
import type { Logger } from '@fcfs/shared';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { DirectiveGuard } from '../auth/directive-guard.ts';
import { type ContextDependencies, clientAddressOf } from '../context.ts';
import type { QueryLimiter } from '../limits/query-limits.ts';
import type { RevocationList } from '../request-gate.ts';
import { productAvailabilitySubscriptions } from './availability-execution.ts';
import type { AvailabilityFeed } from './availability-feed.ts';
import type { OrderPayloads } from './order-payloads.ts';
import type { OrderStatusFeed } from './order-status-feed.ts';
import { type SocketCaps, socketCounts, TRY_AGAIN_LATER } from './socket-caps.ts';
import { admitSubscription } from './ws-admission.ts';
import { forClient } from './ws-errors.ts';
import { orderStatusSubscriptions } from './ws-execution.ts';
import { subscriptionsByField } from './ws-routing.ts';
import { createSessions } from './ws-sessions.ts';

export interface SubscriptionServerOptions extends ContextDependencies {
  httpServer: Server;
  payloads: OrderPayloads;
  /** The supergraph's API schema, once the gateway has loaded it. */
  schema: () => GraphQLSchema;
  revocations: RevocationList;
  feed: OrderStatusFeed;
  availability: AvailabilityFeed;
  queryLimiter: QueryLimiter;
  directiveGuard: DirectiveGuard;
  revocationCheckMs: number;
  maxPayloadBytes: number;
  /** How long a socket may stay open without `connection_init`. */
  connectTimeoutMs: number;
  caps: SocketCaps;
  logger: Logger;
}

export interface SubscriptionServer {
  /** Open sockets. */
  connections: () => number;
  /** Closes every socket (1001 Going away) and stops accepting new ones. */
  dispose: () => Promise<void>;
}

/**
 * GraphQL over WebSocket (graphql-ws) on the gateway's `/graphql` path. @apollo/gateway executes no
 * subscriptions, so the gateway serves `orderStatusChanged` and `productAvailabilityChanged` itself: sessions
 * (ws-sessions.ts) hold who is on each socket, admission (ws-admission.ts) applies the HTTP path's checks to
 * each `subscribe`, and execution turns the order-status feed (ws-execution.ts) and the throttled
 * availability feed (availability-execution.ts) into results. Only subscriptions are accepted here; queries and
 * mutations go over HTTP, where rate limits, APQ and CSRF prevention apply. What one client holds is bounded:
 * a socket must present its token at `connection_init` within `connectTimeoutMs`, and `caps` bound sockets
 * per address and per user and subscriptions per socket.
 */
export function startSubscriptionServer(options: SubscriptionServerOptions): SubscriptionServer {
  const { caps } = options;
  const sessions = createSessions({ ...options, perUser: caps.perUser });
  const wsServer = new WebSocketServer({
    server: options.httpServer,
    path: '/graphql',
    maxPayload: options.maxPayloadBytes,
  });
  const socketsByClient = socketCounts(caps.perClient);

  // Registered before graphql-ws's own listener, so a socket over the cap is closed before it is served;
  // sockets still waiting for `connection_init` count too.
  wsServer.on('connection', (socket, request) => {
    const address = clientAddressOf(request, options.trustedProxyHops);
    if (!socketsByClient.take(address)) {
      socket.close(TRY_AGAIN_LATER, 'Too many connections from this address');
      return;
    }
    socket.once('close', () => socketsByClient.release(address));
  });

  const server = useServer<Record<string, unknown> | undefined, Record<string, never>>(
    {
      connectionInitWaitTimeout: options.connectTimeoutMs,
      onConnect: (ctx) => {
        const params = ctx.connectionParams ?? {};
        return sessions.open(
          ctx.extra.socket,
          ctx.extra.request,
          params.authorization ?? params.Authorization,
        );
      },
      onClose: (ctx) => sessions.end(ctx.extra.socket),
      onSubscribe: (ctx, _id, payload) => {
        const session = sessions.of(ctx.extra.socket);
        if (!session) return [new GraphQLError('The connection is not initialised')];
        // graphql-ws lists this subscription among the socket's before asking.
        const active = Object.keys(ctx.subscriptions).length;
        return admitSubscription(
          { ...options, perSocket: caps.perSocket },
          options.schema(),
          session,
          payload,
          active,
        );
      },
      subscribe: subscriptionsByField({
        orderStatusChanged: orderStatusSubscriptions({ ...options, sessions }),
        productAvailabilityChanged: productAvailabilitySubscriptions({ feed: options.availability }),
      }),
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => forClient(error).toJSON()),
    },
    wsServer,
  );

  return {
    connections: () => sessions.size(),
    dispose: async () => {
      sessions.dispose();
      await server.dispose();
    },
  };
}
