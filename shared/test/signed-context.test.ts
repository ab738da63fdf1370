import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  MAX_SIGNATURE_AGE_MS,
  SIGNED_CONTEXT_HEADERS,
  signUserContext,
  verifyUserContext,
} from '../src/index.ts';

const secret = 'a'.repeat(44);
const viewer = { id: '42', role: 'CUSTOMER' as const };
const operation = { query: 'query { me { id } }', variables: { first: 1 } };
const now = 1_700_000_000_000;

describe('signed user context', () => {
  test('a signature made by the gateway verifies and yields the viewer', () => {
    const headers = signUserContext(secret, viewer, operation, now);
    assert.deepEqual(verifyUserContext(secret, headers, operation, now + 1_000), { ok: true, viewer });
  });

  test('anonymous callers are signed too', () => {
    const headers = signUserContext(secret, null, operation, now);
    assert.deepEqual(verifyUserContext(secret, headers, operation, now), { ok: true, viewer: null });
  });

  test('missing headers are refused', () => {
    assert.deepEqual(verifyUserContext(secret, { [SIGNED_CONTEXT_HEADERS.userId]: '42' }, operation, now), {
      ok: false,
      reason: 'missing signature',
    });
  });

  test('a forged user id, role, other query, other variables or other secret is refused', () => {
    const headers = signUserContext(secret, viewer, operation, now);
    const attempts = [
      verifyUserContext(secret, { ...headers, [SIGNED_CONTEXT_HEADERS.userId]: '43' }, operation, now),
      verifyUserContext(secret, { ...headers, [SIGNED_CONTEXT_HEADERS.role]: 'ADMIN' }, operation, now),
      verifyUserContext(secret, headers, { ...operation, query: 'query { orders { id } }' }, now),
      verifyUserContext(secret, headers, { ...operation, variables: { first: 2 } }, now),
      verifyUserContext('b'.repeat(44), headers, operation, now),
    ];
    assert.deepEqual(
      attempts.map((result) => result.ok),
      [false, false, false, false, false],
    );
  });

  test('a stale or future timestamp is refused', () => {
    const headers = signUserContext(secret, viewer, operation, now);
    assert.deepEqual(verifyUserContext(secret, headers, operation, now + MAX_SIGNATURE_AGE_MS + 1), {
      ok: false,
      reason: 'stale signature',
    });
    assert.deepEqual(verifyUserContext(secret, headers, operation, now - MAX_SIGNATURE_AGE_MS - 1), {
      ok: false,
      reason: 'stale signature',
    });
  });

  test('an unknown role is refused even with a valid-looking signature', () => {
    const headers = signUserContext(secret, { id: '1', role: 'ROOT' as never }, operation, now);
    assert.deepEqual(verifyUserContext(secret, headers, operation, now), {
      ok: false,
      reason: 'malformed viewer',
    });
  });
});
