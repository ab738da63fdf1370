import type { Server } from 'node:http';
import { badUserInput, isClientError, type Logger, unauthenticated, withoutSuggestion } from '@fcfs/shared';
import {
  type ExecutionArgs,
  type ExecutionResult,
  GraphQLError,
  type GraphQLSchema,
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  parse,
  validate,
} from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { type WebSocket, WebSocketServer } from 'ws';
import type { DirectiveGuard } from '../auth/directive-guard.ts';
import { buildContext, type ContextDependencies, clientAddressOf, type GatewayContext } from '../context.ts';
import type { QueryLimiter } from '../limits/query-limits.ts';
import { rootFields } from '../operation.ts';
import type { RevocationList } from '../request-gate.ts';
import type { OrderPayloads } from './order-payloads.ts';
import { orderQueryFor } from './order-query.ts';
import type { OrderStatusFeed, OrderStatusStream } from './order-status-feed.ts';
import { type SocketCaps, socketCounts, TRY_AGAIN_LATER } from './socket-caps.ts';

export interface SubscriptionServerOptions extends ContextDependencies {
  httpServer: Server;
  payloads: OrderPayloads;
  /** The supergraph's API schema, once the gateway has loaded it. */
  schema: () => GraphQLSchema;
  revocations: RevocationList;
  feed: OrderStatusFeed;
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

/** One socket: who is on it, and the timer that closes it when the token expires. */
interface Session {
  socket: WebSocket;
  context: GatewayContext;
  expiry: NodeJS.Timeout;
  /** Closed with the socket, whatever graphql-ws does with the iterators. */
  streams: Set<OrderStatusStream>;
}

/** Longest delay setTimeout takes; a token living longer is re-checked by the periodic deny-list sweep. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const closeUnauthorized = (socket: WebSocket, reason: string) => socket.close(CloseCode.Unauthorized, reason);

/**
 * What a client sees of an error on the socket: client and validation errors as they are (minus HTTP hints),
 * anything that wraps an internal failure masked, as maskError does over HTTP.
 */
function forClient(error: GraphQLError): GraphQLError {
  if (error.originalError !== undefined && !isClientError(error)) {
    return new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  }
  const { http: _http, ...extensions } = error.extensions;
  return new GraphQLError(withoutSuggestion(error.message), {
    nodes: error.nodes,
    path: error.path,
    extensions,
  });
}

const tooManySubscriptions = (limit: number) =>
  new GraphQLError(`At most ${limit} subscriptions per connection: complete one first`, {
    extensions: { code: 'RATE_LIMITED', limit },
  });

/**
 * GraphQL over WebSocket (graphql-ws) on the gateway's `/graphql` path. @apollo/gateway executes no
 * subscriptions, so the gateway serves `orderStatusChanged` itself: events come from the order-status feed,
 * and each is resolved by running the subscription's selection as an `order(id:)` query through the gateway
 * with the subscriber's identity (once per change, however many subscriptions share it: order-payloads.ts).
 * Only subscriptions are accepted here; queries and mutations go over HTTP, where rate limits, APQ and CSRF
 * prevention apply. What one client holds is bounded: a socket must present its token at `connection_init`
 * within `connectTimeoutMs`, and `caps` bound sockets per address and per user and subscriptions per socket.
 */
export function startSubscriptionServer(options: SubscriptionServerOptions): SubscriptionServer {
  const { payloads, revocations, feed, queryLimiter, directiveGuard, logger, caps } = options;
  const sessions = new Map<WebSocket, Session>();
  const wsServer = new WebSocketServer({
    server: options.httpServer,
    path: '/graphql',
    maxPayload: options.maxPayloadBytes,
  });
  const socketsByClient = socketCounts(caps.perClient);
  const socketsByUser = socketCounts(caps.perUser);

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

  const endSession = (socket: WebSocket) => {
    const session = sessions.get(socket);
    if (!session) return;
    if (session.context.viewer) socketsByUser.release(session.context.viewer.id);
    clearTimeout(session.expiry);
    for (const stream of session.streams) stream.close();
    sessions.delete(socket);
  };

  const revoked = async (session: Session): Promise<boolean> => {
    if (!session.context.token || !(await revocations.isRevoked(session.context.token))) return false;
    closeUnauthorized(session.socket, 'Token revoked');
    return true;
  };

  // Logout or a password change revokes tokens in Redis; sockets notice within one sweep.
  const sweep = setInterval(() => {
    for (const session of sessions.values()) {
      revoked(session).catch((error: unknown) => logger.warn({ err: error }, 'revocation check failed'));
    }
  }, options.revocationCheckMs);
  sweep.unref();

  const subscribe = (args: ExecutionArgs) => {
    const session = args.contextValue as Session;
    const { context } = session;
    const operation = getOperationAST(args.document, args.operationName);
    const [field] = operation ? rootFields(args.document, operation) : [];
    const subscriptionType = args.schema.getSubscriptionType();
    const definition = field && subscriptionType?.getFields()[field.name.value];
    if (!operation || !field || !definition || field.name.value !== 'orderStatusChanged') {
      return { errors: [new GraphQLError('This gateway serves only Subscription.orderStatusChanged')] };
    }
    const viewer = context.viewer;
    if (!viewer) return { errors: [forClient(unauthenticated())] };
    const coerced = getVariableValues(
      args.schema,
      operation.variableDefinitions ?? [],
      args.variableValues ?? {},
    );
    if (coerced.errors) {
      return { errors: coerced.errors.map((error) => badUserInput(withoutSuggestion(error.message))) };
    }
    const { orderId } = getArgumentValues(definition, field, coerced.coerced);
    const orderQuery = orderQueryFor(args.document, operation, field, coerced.coerced);
    const stream = feed.listen(viewer.id, typeof orderId === 'string' ? orderId : null);

    const changes = stream[Symbol.asyncIterator]();
    const done = (): IteratorReturnResult<undefined> => ({ value: undefined, done: true });
    // A hand-made iterator rather than an async generator: graphql-ws ends a subscription with `return()`,
    // which a generator would only honour after its next change — closing the stream ends the wait at once.
    const results: AsyncIterableIterator<ExecutionResult> = {
      [Symbol.asyncIterator]: () => results,
      next: async () => {
        for (;;) {
          const next = await changes.next();
          if (next.done || (await revoked(session))) return done();
          const result = await payloads.resolve(next.value, orderQuery, context);
          if (result) return { value: result, done: false };
        }
      },
      return: async () => {
        stream.close();
        session.streams.delete(stream);
        return done();
      },
    };
    session.streams.add(stream);
    return results;
  };

  const server = useServer<Record<string, unknown> | undefined, Record<string, never>>(
    {
      connectionInitWaitTimeout: options.connectTimeoutMs,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const authorization = params.authorization ?? params.Authorization;
        let context: GatewayContext;
        try {
          context = buildContext(
            options,
            ctx.extra.request,
            typeof authorization === 'string' ? authorization : undefined,
          );
        } catch (error) {
          if (isClientError(error)) return false;
          throw error;
        }
        const { socket } = ctx.extra;
        // Every subscription needs a signed-in caller: an anonymous socket would only hold a slot.
        if (!context.token || !context.viewer) {
          closeUnauthorized(socket, 'Sign in: send the access token in connection_init');
          return false;
        }
        if (await revocations.isRevoked(context.token)) return false;
        if (socket.readyState !== socket.OPEN) return false;
        if (!socketsByUser.take(context.viewer.id)) {
          socket.close(TRY_AGAIN_LATER, 'Too many connections for this user');
          return false;
        }
        const untilExpiry = Math.min(context.token.expiresAt * 1000 - Date.now(), MAX_TIMER_MS);
        const session: Session = {
          socket,
          context,
          expiry: setTimeout(() => closeUnauthorized(socket, 'Token expired'), Math.max(0, untilExpiry)),
          streams: new Set(),
        };
        sessions.set(socket, session);
        return true;
      },
      onClose: (ctx) => endSession(ctx.extra.socket),
      onSubscribe: (ctx, _id, payload) => {
        const session = sessions.get(ctx.extra.socket);
        if (!session) return [new GraphQLError('The connection is not initialised')];
        // graphql-ws lists this subscription among the socket's before asking.
        if (Object.keys(ctx.subscriptions).length > caps.perSocket) {
          return [tooManySubscriptions(caps.perSocket)];
        }
        const schema = options.schema();
        let document: ExecutionArgs['document'];
        try {
          document = parse(payload.query);
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError('The query does not parse')];
        }
        const validationErrors = validate(schema, document);
        if (validationErrors.length > 0) return validationErrors.map(forClient);
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return [new GraphQLError('Name the operation to run')];
        if (operation.operation !== 'subscription') {
          return [
            new GraphQLError(
              'Only subscriptions are served over WebSocket; send queries and mutations over HTTP',
              {
                extensions: { code: 'BAD_REQUEST' },
              },
            ),
          ];
        }
        try {
          queryLimiter.enforce(schema, document, payload.operationName ?? undefined, payload.variables ?? {});
          directiveGuard.enforce(schema, document, operation, session.context.viewer);
        } catch (error) {
          if (error instanceof GraphQLError) return [forClient(error)];
          throw error;
        }
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: session,
        };
      },
      subscribe,
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => forClient(error).toJSON()),
    },
    wsServer,
  );

  return {
    connections: () => sessions.size,
    dispose: async () => {
      clearInterval(sweep);
      for (const socket of sessions.keys()) endSession(socket);
      await server.dispose();
    },
  };
}
