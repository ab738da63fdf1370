import { type ForwardedToken, type SubgraphSigningKey, signUserContext } from '@fcfs/shared';
import type { GatewayContext } from '../context.ts';

/** The query, operation name and variables the data source sends: exactly what the signature covers. */
export interface SubgraphOperation {
  query: string;
  operationName?: string | null | undefined;
  variables?: Record<string, unknown> | null | undefined;
}

/** Requests of an operation carry its context; the gateway's own (health checks) carry an empty one. */
export const isGatewayContext = (context: unknown): context is GatewayContext =>
  typeof context === 'object' &&
  context !== null &&
  'requestId' in context &&
  typeof context.requestId === 'string' &&
  'clientAddress' in context &&
  typeof context.clientAddress === 'string';

const forwardedTokenOf = (gateway: GatewayContext | null): ForwardedToken | null => {
  const verified = gateway?.token;
  return verified ? { jti: verified.jti, expiresAt: verified.expiresAt, sessionId: verified.sid } : null;
};

/**
 * Whom a subgraph will take the request to come from: the viewer and the token claims the signature covers.
 * Two requests with the same identity and body get the same answer from a subgraph (see shared-reads).
 */
export function callerIdentity(gateway: GatewayContext | null): string {
  const token = forwardedTokenOf(gateway);
  return JSON.stringify([
    gateway?.viewer?.id ?? null,
    gateway?.viewer?.role ?? null,
    token?.jti ?? null,
    token?.expiresAt ?? null,
    token?.sessionId ?? null,
  ]);
}

/**
 * Every request to a subgraph, anonymous ones included, carries the signed user context
 * (docs/architecture.md#signed-context): the HMAC, with the key derived for this subgraph, covers the
 * subgraph's name, the viewer, the verified token's `jti`/`exp`/`sid`, a timestamp and the exact query,
 * operation name and variables sent, so a captured header set is worthless with any other operation,
 * subgraph, viewer or token. The request id (for logs) and the client address (for rate limits) go beside it
 * unsigned: a replay that changes them runs the same operation for the same caller.
 */
export function subgraphHeaders(
  signingKey: SubgraphSigningKey,
  gateway: GatewayContext | null,
  operation: SubgraphOperation,
): Record<string, string> {
  const signed = signUserContext(signingKey, gateway?.viewer ?? null, operation, {
    token: forwardedTokenOf(gateway),
  });
  const headers: Record<string, string> = { 'content-type': 'application/json', ...signed };
  if (gateway) {
    headers['x-request-id'] = gateway.requestId;
    headers['x-forwarded-for'] = gateway.clientAddress;
  }
  return headers;
}
