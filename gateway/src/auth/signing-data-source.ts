import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { FORWARDED_TOKEN_HEADERS, signUserContext, type Viewer } from '@fcfs/shared';
import type { GatewayContext } from '../context.ts';

/** Requests of an operation carry its context; the gateway's own (health checks) carry an empty one. */
const isGatewayContext = (context: unknown): context is GatewayContext =>
  typeof context === 'object' &&
  context !== null &&
  'requestId' in context &&
  typeof context.requestId === 'string' &&
  'clientAddress' in context &&
  typeof context.clientAddress === 'string';

/**
 * Every request to a subgraph, anonymous ones included, carries the signed user context (DESIGN §7): the
 * HMAC covers the viewer, a timestamp and the exact query and variables this data source sends, so a captured
 * header set is worthless with any other operation. Beside it go the request id, the client address and the
 * verified token's `jti`/`exp`/`sid`, which subgraphs trust only because the signature checked out.
 */
export function signingDataSource(url: string, secret: string): RemoteGraphQLDataSource<GatewayContext> {
  return new RemoteGraphQLDataSource<GatewayContext>({
    url,
    willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
      const { request } = options;
      const headers = request.http?.headers;
      if (!headers || request.query === undefined) return;
      const gateway = isGatewayContext(options.context) ? options.context : null;
      const viewer: Viewer | null = gateway?.viewer ?? null;
      const signed = signUserContext(secret, viewer, { query: request.query, variables: request.variables });
      for (const [name, value] of Object.entries(signed)) headers.set(name, value);
      if (!gateway) return;
      headers.set('x-request-id', gateway.requestId);
      headers.set('x-forwarded-for', gateway.clientAddress);
      if (gateway.token) {
        headers.set(FORWARDED_TOKEN_HEADERS.tokenId, gateway.token.jti);
        headers.set(FORWARDED_TOKEN_HEADERS.tokenExpiresAt, String(gateway.token.expiresAt));
        if (gateway.token.sid) headers.set(FORWARDED_TOKEN_HEADERS.sessionId, gateway.token.sid);
      }
    },
  });
}
