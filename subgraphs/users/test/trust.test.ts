import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SIGNED_CONTEXT_HEADERS, signUserContext } from '@fcfs/shared';
import { ME } from './operations.ts';
import { startUsers, type Users } from './users-harness.ts';

let users: Users;

before(async () => {
  users = await startUsers();
});
after(() => users.close());

const refused = {
  status: 401,
  errors: [
    {
      message: 'This service only answers requests signed by the gateway',
      extensions: { code: 'UNAUTHENTICATED' },
    },
  ],
};

async function post(
  headers: Record<string, string>,
  body: { query: string; variables?: Record<string, unknown> },
) {
  const response = await fetch(users.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, ...((await response.json()) as Record<string, unknown>) };
}

const admin = { id: '1', role: 'ADMIN' as const };

describe('signed user context', () => {
  test('a request without a signature is refused, even with a bare user id header', async () => {
    assert.deepEqual(await post({}, { query: ME }), refused);
    assert.deepEqual(
      await post(
        { [SIGNED_CONTEXT_HEADERS.userId]: '1', [SIGNED_CONTEXT_HEADERS.role]: 'ADMIN', 'x-user-id': '1' },
        { query: ME },
      ),
      refused,
    );
  });

  test('a signature made with another secret is refused', async () => {
    const forged = signUserContext('not the gateway secret, but just as long as it', admin, { query: ME });
    assert.deepEqual(await post(forged, { query: ME }), refused);
  });

  test('a genuine signature cannot be replayed with another query, another viewer, or late', async () => {
    const signed = signUserContext(users.secret, null, { query: ME });
    const entities =
      '{ _entities(representations: [{ __typename: "User", id: "1" }]) { ... on User { email } } }';
    assert.deepEqual(await post(signed, { query: entities }), refused);
    assert.deepEqual(
      await post(
        { ...signed, [SIGNED_CONTEXT_HEADERS.userId]: '1', [SIGNED_CONTEXT_HEADERS.role]: 'ADMIN' },
        { query: ME },
      ),
      refused,
    );
    const stale = signUserContext(users.secret, null, { query: ME }, { now: Date.now() - 5 * 60_000 });
    assert.deepEqual(await post(stale, { query: ME }), refused);
    // The untouched request goes through, so the refusals above are about the tampering.
    assert.deepEqual(await post(signed, { query: ME }), { status: 200, data: { me: null } });
  });

  test('health and the JWKS stay open, they carry nothing private', async () => {
    assert.equal((await fetch(`${users.origin}/health`)).status, 200);
    assert.equal((await fetch(`${users.origin}/.well-known/jwks.json`)).status, 200);
  });
});
