import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Viewer } from '@fcfs/shared';
import { GraphQLError } from 'graphql';
import type { VerifiedToken } from './auth/access-token.ts';
import type { Authenticator } from './auth/authenticate.ts';

/** What the gateway knows of one request; the signed subgraph requests are built from it. */
export interface GatewayContext {
  viewer: Viewer | null;
  token: VerifiedToken | null;
  /** From the client's `x-request-id` when it looks like one, else new; logged and passed to subgraphs. */
  requestId: string;
  /** The client's address, for rate limits here and in users. */
  clientAddress: string;
  /**
   * Set on the gateway's own reads that follow an event (shelf availability, order status payloads): they
   * must see what the event reports, so they never join a subgraph read already in flight (shared-reads).
   */
  freshReads?: true;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export const requestIdOf = (given: string | string[] | undefined): string => {
  const value = Array.isArray(given) ? given[0] : given;
  return value !== undefined && REQUEST_ID.test(value) ? value : randomUUID();
};

/**
 * The client's address: the TCP peer, or, behind `trustedHops` proxies, the `X-Forwarded-For` entry the
 * outermost trusted proxy appended. Entries left of it were written by the client and prove nothing.
 */
export function clientAddressOf(req: IncomingMessage, trustedHops: number): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (trustedHops === 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const entries = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return entries[entries.length - trustedHops] ?? entries[0] ?? peer;
}

/** Errors thrown while building the context answer with their own HTTP status (401 for a bad token). */
const withHttpStatus = (error: unknown): unknown => {
  if (!(error instanceof GraphQLError) || error.extensions.code !== 'UNAUTHENTICATED') return error;
  return new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: 401 } } });
};

export interface ContextDependencies {
  authenticator: Authenticator;
  trustedProxyHops: number;
}

export function buildContext(
  deps: ContextDependencies,
  req: IncomingMessage,
  authorization: string | undefined = req.headers.authorization,
): GatewayContext {
  const requestId = requestIdOf(req.headers['x-request-id']);
  const clientAddress = clientAddressOf(req, deps.trustedProxyHops);
  let token: VerifiedToken | null;
  try {
    token = deps.authenticator.authenticate(authorization);
  } catch (error) {
    throw withHttpStatus(error);
  }
  return { viewer: token?.viewer ?? null, token, requestId, clientAddress };
}

export const createContextFactory =
  (deps: ContextDependencies) =>
  async ({ req }: { req: IncomingMessage }): Promise<GatewayContext> =>
    buildContext(deps, req);
