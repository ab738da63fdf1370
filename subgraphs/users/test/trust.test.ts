import assert from 'node:assert/strict';
import { createHash, createSecretKey } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { SIGNED_CONTEXT_HEADERS, signUserContext, subgraphSigningKey } from '@fcfs/shared';
import { ME } from './operations.ts';
import { startTestUsers, type Users } from './users-harness.ts';

let users: Users;

before(async () => {
  users = await startTestUsers();
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

async function post(headers: Record<string, string>, body: Record<string, unknown>) {
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
    const forged = signUserContext(
      subgraphSigningKey('not the gateway secret, but just as long as it', 'users'),
      admin,
      { query: ME },
    );
    assert.deepEqual(await post(forged, { query: ME }), refused);
  });

  test('a genuine signature cannot be replayed with another query, another viewer, or late', async () => {
    const signed = signUserContext(users.signingKey, null, { query: ME });
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
    const stale = signUserContext(users.signingKey, null, { query: ME }, { now: Date.now() - 5 * 60_000 });
    assert.deepEqual(await post(stale, { query: ME }), refused);
    // The untouched request goes through, so the refusals above are about the tampering.
    assert.deepEqual(await post(signed, { query: ME }), { status: 200, data: { me: null } });
  });

  test('a context signed for another subgraph, or with the master secret itself, is refused', async () => {
    const forPayments = signUserContext(subgraphSigningKey(users.secret, 'payments'), admin, { query: ME });
    assert.deepEqual(await post(forPayments, { query: ME }), refused);
    const withMasterSecret = signUserContext(
      {
        subgraph: 'users',
        key: createSecretKey(Buffer.from(users.secret)),
      },
      admin,
      {
        query: ME,
      },
    );
    assert.deepEqual(await post(withMasterSecret, { query: ME }), refused);
  });

  test('the operation name is signed: another one in the body is refused', async () => {
    const query = 'query Me { me { id } } query Other { __typename }';
    const signed = signUserContext(users.signingKey, null, { query, operationName: 'Me' });
    assert.deepEqual(await post(signed, { query, operationName: 'Other' }), refused);
    assert.deepEqual(await post(signed, { query, operationName: 'Me' }), { status: 200, data: { me: null } });
  });

  // The signature covers a POST body's query. Before, a GET or a hash-only body was checked as an empty query,
  // so headers signed over that ran whatever the URL or the subgraph's persisted-query cache held.
  test('a GET is refused, whatever its signature covers', async () => {
    const url = new URL(users.url);
    url.searchParams.set('query', ME);
    for (const query of [ME, '']) {
      const response = await fetch(url, {
        headers: {
          'apollo-require-preflight': 'true',
          ...signUserContext(users.signingKey, null, { query }),
        },
      });
      assert.deepEqual({ status: response.status, ...((await response.json()) as object) }, refused, query);
    }
  });

  test('a persisted-query hash without its query is refused, even once the query is registered', async () => {
    const sha256Hash = createHash('sha256').update(ME).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const registered = await post(signUserContext(users.signingKey, null, { query: ME }), {
      query: ME,
      extensions,
    });
    assert.deepEqual(registered, { status: 200, data: { me: null } });
    for (const query of [ME, '']) {
      assert.deepEqual(
        await post(signUserContext(users.signingKey, null, { query }), { extensions }),
        refused,
      );
    }
  });

  test('errors carry no "Did you mean" suggestions', async () => {
    const typo = '{ mee { id } }';
    const result = await post(signUserContext(users.signingKey, null, { query: typo }), { query: typo });
    assert.deepEqual(result, {
      status: 400,
      errors: [
        {
          message: 'Cannot query field "mee" on type "Query".',
          locations: [{ line: 1, column: 3 }],
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        },
      ],
    });
  });

  test('health and the JWKS stay open, they carry nothing private', async () => {
    assert.equal((await fetch(`${users.origin}/health`)).status, 200);
    assert.equal((await fetch(`${users.origin}/.well-known/jwks.json`)).status, 200);
  });
});
