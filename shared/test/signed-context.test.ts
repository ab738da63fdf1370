import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  MAX_SIGNATURE_AGE_MS,
  SIGNED_CONTEXT_HEADERS,
  signUserContext,
  subgraphSigningKey,
  verifyUserContext,
} from '../src/index.ts';

const secret = 'a'.repeat(44);
const key = subgraphSigningKey(secret, 'users');
const viewer = { id: '42', role: 'CUSTOMER' as const };
const token = { jti: 'jti-1', expiresAt: 1_700_000_900, sessionId: '0b7c6a52-4f8e-4d0e-9a51-3c1f2e7d9b10' };
const operation = { query: 'query { me { id } }', variables: { first: 1 } };
const now = 1_700_000_000_000;

describe('signed user context', () => {
  test('a signature made by the gateway verifies and yields the viewer', () => {
    const headers = signUserContext(key, viewer, operation, { now });
    assert.deepEqual(verifyUserContext(key, headers, operation, now + 1_000), {
      ok: true,
      viewer,
      token: null,
    });
  });

  test('the access token claims are signed with the viewer and come back verified', () => {
    const headers = signUserContext(key, viewer, operation, { token, now });
    assert.deepEqual(verifyUserContext(key, headers, operation, now), { ok: true, viewer, token });
    const withoutSession = signUserContext(key, viewer, operation, {
      token: { ...token, sessionId: null },
      now,
    });
    assert.deepEqual(verifyUserContext(key, withoutSession, operation, now), {
      ok: true,
      viewer,
      token: { ...token, sessionId: null },
    });
  });

  test('anonymous callers are signed too', () => {
    const headers = signUserContext(key, null, operation, { now });
    assert.deepEqual(verifyUserContext(key, headers, operation, now), {
      ok: true,
      viewer: null,
      token: null,
    });
  });

  test('missing headers are refused', () => {
    assert.deepEqual(verifyUserContext(key, { [SIGNED_CONTEXT_HEADERS.userId]: '42' }, operation, now), {
      ok: false,
      reason: 'missing signature',
    });
  });

  test('a forged user id, role, other query, other variables or other secret is refused', () => {
    const headers = signUserContext(key, viewer, operation, { now });
    const attempts = [
      verifyUserContext(key, { ...headers, [SIGNED_CONTEXT_HEADERS.userId]: '43' }, operation, now),
      verifyUserContext(key, { ...headers, [SIGNED_CONTEXT_HEADERS.role]: 'ADMIN' }, operation, now),
      verifyUserContext(key, headers, { ...operation, query: 'query { orders { id } }' }, now),
      verifyUserContext(key, headers, { ...operation, variables: { first: 2 } }, now),
      verifyUserContext(subgraphSigningKey('b'.repeat(44), 'users'), headers, operation, now),
    ];
    assert.deepEqual(
      attempts.map((result) => result.ok),
      [false, false, false, false, false],
    );
  });

  test('a signature made for another subgraph, or with another operation name, is refused', () => {
    const named = { ...operation, operationName: 'Me' };
    const headers = signUserContext(key, viewer, named, { now });
    assert.deepEqual(
      [
        verifyUserContext(subgraphSigningKey(secret, 'payments'), headers, named, now),
        verifyUserContext({ ...key, subgraph: 'payments' }, headers, named, now),
        verifyUserContext(key, headers, { ...named, operationName: 'Other' }, now),
        verifyUserContext(key, headers, { ...named, operationName: null }, now),
        verifyUserContext(key, headers, named, now).ok,
      ],
      [
        { ok: false, reason: 'bad signature' },
        { ok: false, reason: 'bad signature' },
        { ok: false, reason: 'bad signature' },
        { ok: false, reason: 'bad signature' },
        true,
      ],
    );
  });

  test('each subgraph gets its own key, and the same one every time', () => {
    const keys = ['users', 'catalog', 'orders', 'payments'].map((name) =>
      subgraphSigningKey(secret, name).key.export().toString('hex'),
    );
    assert.equal(new Set(keys).size, 4);
    assert.ok(!keys.includes(Buffer.from(secret).toString('hex')));
    assert.deepEqual(subgraphSigningKey(secret, 'users'), key);
  });

  test('another token id, expiry or session is refused, and so is adding or dropping one', () => {
    const headers = signUserContext(key, viewer, operation, { token, now });
    const tampered = {
      jti: { ...headers, [SIGNED_CONTEXT_HEADERS.tokenId]: 'jti-2' },
      exp: { ...headers, [SIGNED_CONTEXT_HEADERS.tokenExpiresAt]: String(token.expiresAt + 3_600) },
      sid: { ...headers, [SIGNED_CONTEXT_HEADERS.sessionId]: '7f3d2c1b-0a9e-4b8c-8d7e-6f5a4b3c2d1e' },
      'sid dropped': { ...headers, [SIGNED_CONTEXT_HEADERS.sessionId]: undefined },
      'token added': {
        ...signUserContext(key, viewer, operation, { now }),
        [SIGNED_CONTEXT_HEADERS.tokenId]: token.jti,
        [SIGNED_CONTEXT_HEADERS.tokenExpiresAt]: String(token.expiresAt),
      },
    };
    assert.deepEqual(
      Object.fromEntries(
        Object.entries(tampered).map(([field, forged]) => [
          field,
          verifyUserContext(key, forged, operation, now),
        ]),
      ),
      Object.fromEntries(
        Object.keys(tampered).map((field) => [field, { ok: false, reason: 'bad signature' }]),
      ),
    );
  });

  test('a value moved from one field to its neighbour does not keep the signature', () => {
    const headers = signUserContext(key, viewer, operation, {
      token: { ...token, sessionId: null },
      now,
    });
    const shifted = {
      ...headers,
      [SIGNED_CONTEXT_HEADERS.tokenExpiresAt]: '',
      [SIGNED_CONTEXT_HEADERS.sessionId]: String(token.expiresAt),
    };
    assert.deepEqual(verifyUserContext(key, shifted, operation, now), {
      ok: false,
      reason: 'bad signature',
    });
  });

  test('a stale or future timestamp is refused', () => {
    const headers = signUserContext(key, viewer, operation, { now });
    assert.deepEqual(verifyUserContext(key, headers, operation, now + MAX_SIGNATURE_AGE_MS + 1), {
      ok: false,
      reason: 'stale signature',
    });
    assert.deepEqual(verifyUserContext(key, headers, operation, now - MAX_SIGNATURE_AGE_MS - 1), {
      ok: false,
      reason: 'stale signature',
    });
  });

  test('an unknown role is refused even with a valid-looking signature', () => {
    const headers = signUserContext(key, { id: '1', role: 'ROOT' as never }, operation, { now });
    assert.deepEqual(verifyUserContext(key, headers, operation, now), {
      ok: false,
      reason: 'malformed viewer',
    });
  });

  test('a token without a viewer or an expiry is refused even with a valid-looking signature', () => {
    const anonymous = signUserContext(key, null, operation, { token, now });
    const noExpiry = signUserContext(key, viewer, operation, {
      token: { ...token, expiresAt: Number.NaN },
      now,
    });
    assert.deepEqual(
      [verifyUserContext(key, anonymous, operation, now), verifyUserContext(key, noExpiry, operation, now)],
      [
        { ok: false, reason: 'malformed token' },
        { ok: false, reason: 'malformed token' },
      ],
    );
  });
});
