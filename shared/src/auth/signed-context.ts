import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ROLES, type Role, type Viewer } from './roles.ts';
import type { SubgraphSigningKey } from './subgraph-signing-key.ts';

/**
 * The gateway's signed user context (docs/architecture.md#signed-context). The signature covers every header
 * a subgraph trusts about the caller (the viewer and the claims of its access token), a timestamp, the
 * subgraph it is meant for and the operation itself (query, operation name, variables), so a captured header
 * set cannot be replayed with another query, against another subgraph, for another viewer, or with another
 * token or session for `logout` and `changePassword` to revoke.
 */
export const SIGNED_CONTEXT_HEADERS = {
  userId: 'x-fcfs-user-id',
  role: 'x-fcfs-user-role',
  tokenId: 'x-fcfs-token-jti',
  tokenExpiresAt: 'x-fcfs-token-exp',
  sessionId: 'x-fcfs-token-sid',
  timestamp: 'x-fcfs-timestamp',
  signature: 'x-fcfs-signature',
} as const;

/**
 * v3: one key per subgraph and the subgraph's name in the payload, so a subgraph that leaks its key (or a
 * header set it received) cannot call the others; the operation name is signed too. The payload is a JSON
 * array so no field's value can pass for its neighbour's.
 */
const VERSION = 'v3';
export const MAX_SIGNATURE_AGE_MS = 60_000;

export interface SignedOperation {
  query: string;
  operationName?: string | null | undefined;
  variables?: Record<string, unknown> | null | undefined;
}

/** The claims of the caller's verified access token that `logout` and `changePassword` act on. */
export interface ForwardedToken {
  jti: string;
  /** `exp` claim, Unix seconds. */
  expiresAt: number;
  /** `sid` claim: the session (refresh-token family). */
  sessionId: string | null;
}

type IdentityHeaders = Record<Exclude<keyof typeof SIGNED_CONTEXT_HEADERS, 'signature'>, string>;

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

function signature(key: SubgraphSigningKey, identity: IdentityHeaders, operation: SignedOperation): string {
  const payload = JSON.stringify([
    VERSION,
    key.subgraph,
    identity.timestamp,
    identity.userId,
    identity.role,
    identity.tokenId,
    identity.tokenExpiresAt,
    identity.sessionId,
    sha256(operation.query),
    operation.operationName ?? null,
    sha256(JSON.stringify(operation.variables ?? {})),
  ]);
  return `${VERSION}=${createHmac('sha256', key.key).update(payload).digest('base64url')}`;
}

/** Signs a request for the one subgraph `key` was derived for. */
export function signUserContext(
  key: SubgraphSigningKey,
  viewer: Viewer | null,
  operation: SignedOperation,
  options: { token?: ForwardedToken | null; now?: number } = {},
): Record<string, string> {
  const { token, now = Date.now() } = options;
  const identity: IdentityHeaders = {
    userId: viewer?.id ?? '',
    role: viewer?.role ?? '',
    tokenId: token?.jti ?? '',
    tokenExpiresAt: token ? String(token.expiresAt) : '',
    sessionId: token?.sessionId ?? '',
    timestamp: String(now),
  };
  return {
    [SIGNED_CONTEXT_HEADERS.userId]: identity.userId,
    [SIGNED_CONTEXT_HEADERS.role]: identity.role,
    [SIGNED_CONTEXT_HEADERS.tokenId]: identity.tokenId,
    [SIGNED_CONTEXT_HEADERS.tokenExpiresAt]: identity.tokenExpiresAt,
    [SIGNED_CONTEXT_HEADERS.sessionId]: identity.sessionId,
    [SIGNED_CONTEXT_HEADERS.timestamp]: identity.timestamp,
    [SIGNED_CONTEXT_HEADERS.signature]: signature(key, identity, operation),
  };
}

export type VerifiedContext =
  | { ok: true; viewer: Viewer | null; token: ForwardedToken | null }
  | { ok: false; reason: string };

type HeaderBag = Record<string, string | string[] | undefined>;

const header = (headers: HeaderBag, name: string): string => {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
};

export function verifyUserContext(
  key: SubgraphSigningKey,
  headers: HeaderBag,
  operation: SignedOperation,
  now: number = Date.now(),
): VerifiedContext {
  const given = header(headers, SIGNED_CONTEXT_HEADERS.signature);
  const identity: IdentityHeaders = {
    userId: header(headers, SIGNED_CONTEXT_HEADERS.userId),
    role: header(headers, SIGNED_CONTEXT_HEADERS.role),
    tokenId: header(headers, SIGNED_CONTEXT_HEADERS.tokenId),
    tokenExpiresAt: header(headers, SIGNED_CONTEXT_HEADERS.tokenExpiresAt),
    sessionId: header(headers, SIGNED_CONTEXT_HEADERS.sessionId),
    timestamp: header(headers, SIGNED_CONTEXT_HEADERS.timestamp),
  };
  if (!given || !identity.timestamp) return { ok: false, reason: 'missing signature' };
  const age = now - Number(identity.timestamp);
  if (!Number.isFinite(age) || Math.abs(age) > MAX_SIGNATURE_AGE_MS)
    return { ok: false, reason: 'stale signature' };

  const expected = Buffer.from(signature(key, identity, operation));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    return { ok: false, reason: 'bad signature' };
  }

  const { userId, role, tokenId, tokenExpiresAt, sessionId } = identity;
  let viewer: Viewer | null = null;
  if (userId !== '' || role !== '') {
    if (userId === '' || !(ROLES as readonly string[]).includes(role))
      return { ok: false, reason: 'malformed viewer' };
    viewer = { id: userId, role: role as Role };
  }
  let token: ForwardedToken | null = null;
  if (tokenId !== '' || tokenExpiresAt !== '' || sessionId !== '') {
    const expiresAt = Number(tokenExpiresAt);
    if (!viewer || tokenId === '' || tokenExpiresAt === '' || !Number.isSafeInteger(expiresAt))
      return { ok: false, reason: 'malformed token' };
    token = { jti: tokenId, expiresAt, sessionId: sessionId || null };
  }
  return { ok: true, viewer, token };
}
