import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ROLES, type Role, type Viewer } from './roles.ts';

/**
 * The gateway's signed user context (DESIGN §7). The signature covers the viewer, a timestamp and the
 * operation itself (query + variables), so a captured header set cannot be replayed with another query.
 */
export const SIGNED_CONTEXT_HEADERS = {
  userId: 'x-fcfs-user-id',
  role: 'x-fcfs-user-role',
  timestamp: 'x-fcfs-timestamp',
  signature: 'x-fcfs-signature',
} as const;

const VERSION = 'v1';
export const MAX_SIGNATURE_AGE_MS = 60_000;

export interface SignedOperation {
  query: string;
  variables?: Record<string, unknown> | null | undefined;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

function signaturePayload(viewer: Viewer | null, timestamp: string, operation: SignedOperation): string {
  return [
    VERSION,
    timestamp,
    viewer?.id ?? '',
    viewer?.role ?? '',
    sha256(operation.query),
    sha256(JSON.stringify(operation.variables ?? {})),
  ].join('\n');
}

const hmac = (secret: string, payload: string) =>
  createHmac('sha256', secret).update(payload).digest('base64url');

export function signUserContext(
  secret: string,
  viewer: Viewer | null,
  operation: SignedOperation,
  now: number = Date.now(),
): Record<string, string> {
  const timestamp = String(now);
  return {
    [SIGNED_CONTEXT_HEADERS.userId]: viewer?.id ?? '',
    [SIGNED_CONTEXT_HEADERS.role]: viewer?.role ?? '',
    [SIGNED_CONTEXT_HEADERS.timestamp]: timestamp,
    [SIGNED_CONTEXT_HEADERS.signature]: `${VERSION}=${hmac(secret, signaturePayload(viewer, timestamp, operation))}`,
  };
}

export type VerifiedContext = { ok: true; viewer: Viewer | null } | { ok: false; reason: string };

type HeaderBag = Record<string, string | string[] | undefined>;

const header = (headers: HeaderBag, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export function verifyUserContext(
  secret: string,
  headers: HeaderBag,
  operation: SignedOperation,
  now: number = Date.now(),
): VerifiedContext {
  const signature = header(headers, SIGNED_CONTEXT_HEADERS.signature);
  const timestamp = header(headers, SIGNED_CONTEXT_HEADERS.timestamp);
  if (!signature || !timestamp) return { ok: false, reason: 'missing signature' };
  const age = now - Number(timestamp);
  if (!Number.isFinite(age) || Math.abs(age) > MAX_SIGNATURE_AGE_MS)
    return { ok: false, reason: 'stale signature' };

  const userId = header(headers, SIGNED_CONTEXT_HEADERS.userId) ?? '';
  const role = header(headers, SIGNED_CONTEXT_HEADERS.role) ?? '';
  let viewer: Viewer | null = null;
  if (userId !== '' || role !== '') {
    if (userId === '' || !(ROLES as readonly string[]).includes(role))
      return { ok: false, reason: 'malformed viewer' };
    viewer = { id: userId, role: role as Role };
  }

  const expected = Buffer.from(`${VERSION}=${hmac(secret, signaturePayload(viewer, timestamp, operation))}`);
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'bad signature' };
  }
  return { ok: true, viewer };
}
