import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { type ForwardedToken, signUserContext, subgraphSigningKey, type Viewer } from '@fcfs/shared';
import type { GatewayContext } from '../context.ts';
import type { Fetcher } from '../subgraph-fetcher.ts';

/** Requests of an operation carry its context; the gateway's own (health checks) carry an empty one. */
const isGatewayContext = (context: unknown): context is GatewayContext =>
  typeof context === 'object' &&
  context !== null &&
  'requestId' in context &&
  typeof context.requestId === 'string' &&
  'clientAddress' in context &&
  typeof context.clientAddress === 'string';

/**
 * Every request to a subgraph, anonymous ones included, carries the signed user context
 * (docs/architecture.md#signed-context): the HMAC, with the key derived for this subgraph, covers the
 * subgraph's name, the viewer, the verified token's `jti`/`exp`/`sid`, a timestamp and the exact query,
 * operation name and variables this data source sends, so a captured header set is worthless with any other
 * operation, subgraph, viewer or token. The request id (for logs) and the client address (for rate limits) go
 * beside it unsigned: a replay that changes them runs the same operation for the same caller.
 */
export function signingDataSource(
  subgraph: string,
  url: string,
  secret: string,
  fetcher: Fetcher,
): RemoteGraphQLDataSource<GatewayContext> {
  const signingKey = subgraphSigningKey(secret, subgraph);
  return new RemoteGraphQLDataSource<GatewayContext>({
    url,
    fetcher,
    willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
      const { request } = options;
      const headers = request.http?.headers;
      if (!headers || request.query === undefined) return;
      const gateway = isGatewayContext(options.context) ? options.context : null;
      const viewer: Viewer | null = gateway?.viewer ?? null;
      const verified = gateway?.token;
      const token: ForwardedToken | null = verified
        ? { jti: verified.jti, expiresAt: verified.expiresAt, sessionId: verified.sid }
        : null;
      const { query, operationName, variables } = request;
      const operation = { query, operationName, variables };
      for (const [name, value] of Object.entries(signUserContext(signingKey, viewer, operation, { token }))) {
        headers.set(name, value);
      }
      if (!gateway) return;
      headers.set('x-request-id', gateway.requestId);
      headers.set('x-forwarded-for', gateway.clientAddress);
    },
  });
}
