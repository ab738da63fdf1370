import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { revokedUserKey, SIGNED_CONTEXT_HEADERS } from '@fcfs/shared';
import { withoutLocations } from '@fcfs/shared/testing';
import jwt from 'jsonwebtoken';
import {
  dataOf,
  type GraphQLBody,
  loginAdmin,
  type Platform,
  postGraphQL,
  requireTestEnv,
  type Session,
  signUpCustomer,
  startPlatform,
  uniqueClient,
} from './gateway-harness.ts';

const PRODUCT = /* GraphQL */ `
  query Product($id: ID!) { product(id: $id) { id name price } }
`;
const ME = /* GraphQL */ 'query Me { me { id role } }';
const REFRESH = /* GraphQL */ `
  mutation Refresh($refreshToken: String!) { refreshToken(refreshToken: $refreshToken) { accessToken refreshToken user { id } } }
`;
const CREATE_PRODUCT = /* GraphQL */ `
  mutation Create($input: CreateProductInput!) { createProduct(input: $input) { id name price } }
`;

const unauthenticated = (message: string) => ({
  errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }],
});

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Claims like users' own, for forging tokens the gateway must refuse. */
const claimsFor = (session: Session, overrides: Record<string, unknown> = {}) => {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: session.userId,
    role: 'ADMIN',
    sid: '00000000-0000-4000-8000-000000000000',
    jti: 'forged-token',
    iat: now,
    exp: now + 600,
    iss: requireTestEnv('JWT_ISSUER'),
    aud: requireTestEnv('JWT_AUDIENCE'),
    ...overrides,
  };
};

describe('authentication and the signed subgraph context', () => {
  let platform: Platform;
  let admin: Session;
  let productId: string;

  before(async () => {
    platform = await startPlatform();
    admin = await loginAdmin(platform);
    const created = await platform.graphql(
      CREATE_PRODUCT,
      {
        input: {
          name: 'Gateway test lamp',
          price: 12_000,
          stock: 5,
          saleStartsAt: new Date(Date.now() - 60_000).toISOString(),
        },
      },
      { token: admin.accessToken },
    );
    productId = dataOf<{ id: string }>(created, 'createProduct').id;
  });
  after(() => platform.close());

  test('an anonymous caller reads a product, and catalog gets an anonymous signed request', async () => {
    const client = uniqueClient();
    platform.catalogTraffic.length = 0;
    const result = await platform.graphql(
      PRODUCT,
      { id: productId },
      {
        client,
        headers: { 'x-request-id': 'req-anonymous-1' },
      },
    );
    assert.equal(result.status, 200);
    assert.deepEqual(result.body, {
      data: { product: { id: productId, name: 'Gateway test lamp', price: 12_000 } },
    });
    assert.equal(result.headers.get('x-request-id'), 'req-anonymous-1');

    const [sent] = platform.catalogTraffic;
    assert.ok(sent, 'catalog got the request');
    assert.equal(sent.headers[SIGNED_CONTEXT_HEADERS.userId], '');
    assert.equal(sent.headers[SIGNED_CONTEXT_HEADERS.role], '');
    assert.match(String(sent.headers[SIGNED_CONTEXT_HEADERS.signature]), /^v3=/);
    assert.equal(sent.headers['x-request-id'], 'req-anonymous-1');
    assert.equal(sent.headers['x-forwarded-for'], client);
  });

  test('a signed-in caller sees itself in me', async () => {
    const result = await platform.graphql(ME, {}, { token: admin.accessToken });
    assert.deepEqual(
      { status: result.status, ...result.body },
      {
        status: 200,
        data: { me: { id: admin.userId, role: 'ADMIN' } },
      },
    );
  });

  test('no token: public fields work and me is null', async () => {
    const result = await platform.graphql(ME);
    assert.deepEqual({ status: result.status, ...result.body }, { status: 200, data: { me: null } });
  });

  test('a tampered token is refused with 401', async () => {
    const [header, payload, signature] = admin.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(String(payload), 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    const tampered = `${header}.${base64url({ ...claims, sub: `${admin.userId}0` })}.${signature}`;
    const result = await platform.graphql(ME, {}, { token: tampered });
    assert.deepEqual(
      { status: result.status, ...result.body },
      {
        status: 401,
        ...unauthenticated('The access token is invalid'),
      },
    );
  });

  test('an expired token is refused with 401', async () => {
    const privateKey = readFileSync(requireTestEnv('JWT_PRIVATE_KEY_FILE'), 'utf8');
    const past = Math.floor(Date.now() / 1000) - 3_600;
    const expired = jwt.sign(claimsFor(admin, { iat: past, exp: past + 900 }), privateKey, {
      algorithm: 'ES256',
    });
    const result = await platform.graphql(ME, {}, { token: expired });
    assert.deepEqual(
      { status: result.status, ...result.body },
      {
        status: 401,
        ...unauthenticated('The access token has expired'),
      },
    );
  });

  test('an unsigned token (alg: none) is refused with 401', async () => {
    const none = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claimsFor(admin))}.`;
    const result = await platform.graphql(ME, {}, { token: none });
    assert.deepEqual(
      { status: result.status, ...result.body },
      {
        status: 401,
        ...unauthenticated('The access token is invalid'),
      },
    );
  });

  test('HS256 tokens with a guessed secret (or the public key as the secret) are refused with 401', async () => {
    const publicKey = readFileSync(requireTestEnv('JWT_PUBLIC_KEY_FILE'), 'utf8');
    for (const secret of ['secret', publicKey]) {
      const header = base64url({ alg: 'HS256', typ: 'JWT' });
      const payload = base64url(claimsFor(admin));
      const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
      const result = await platform.graphql(ME, {}, { token: `${header}.${payload}.${signature}` });
      assert.deepEqual(
        { status: result.status, ...result.body },
        {
          status: 401,
          ...unauthenticated('The access token is invalid'),
        },
      );
    }
  });

  test('a header that is not a bearer token is refused with 401', async () => {
    const result = await postGraphQL(
      platform.url,
      { query: ME },
      { headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } },
    );
    assert.deepEqual(
      { status: result.status, ...result.body },
      {
        status: 401,
        ...unauthenticated('Send the access token as `Authorization: Bearer <token>`'),
      },
    );
  });

  test('a signed subgraph request replayed with another query is refused by the subgraph', async () => {
    platform.catalogTraffic.length = 0;
    await platform.graphql(PRODUCT, { id: productId }, { token: admin.accessToken });
    const [captured] = platform.catalogTraffic;
    assert.ok(captured);
    assert.equal(captured.headers[SIGNED_CONTEXT_HEADERS.userId], admin.userId);
    assert.equal(captured.headers[SIGNED_CONTEXT_HEADERS.role], 'ADMIN');
    const signedHeaders = Object.fromEntries(
      Object.values(SIGNED_CONTEXT_HEADERS).map((name) => [name, String(captured.headers[name])]),
    );
    const replay = (body: string) =>
      fetch(platform.catalog.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signedHeaders },
        body,
      }).then(async (response) => ({ status: response.status, body: await response.json() }));

    // The captured request itself still verifies (it is within its minute)…
    const same = await replay(captured.body);
    assert.equal(same.status, 200);
    // …but the same headers over another operation, or naming another token or session, do not.
    const other = await replay(
      JSON.stringify({
        query: 'mutation { restockProduct(id: "1", quantity: 1000) { id stock } }',
        variables: {},
      }),
    );
    const refused = {
      status: 401,
      body: unauthenticated('This service only answers requests signed by the gateway'),
    };
    assert.deepEqual(other, refused);
    for (const name of [SIGNED_CONTEXT_HEADERS.tokenId, SIGNED_CONTEXT_HEADERS.sessionId]) {
      assert.notEqual(signedHeaders[name], '', `${name} was forwarded`);
      const response: Response = await fetch(platform.catalog.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signedHeaders, [name]: 'another-one' },
        body: captured.body,
      });
      assert.deepEqual({ status: response.status, body: await response.json() }, refused, name);
    }
  });

  test('a direct call to a subgraph with a forged x-fcfs-user-id gets nothing', async () => {
    const forged = async (extra: Record<string, string>) => {
      const response = await fetch(platform.users.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNED_CONTEXT_HEADERS.userId]: admin.userId,
          [SIGNED_CONTEXT_HEADERS.role]: 'ADMIN',
          'x-user-id': admin.userId,
          ...extra,
        },
        body: JSON.stringify({ query: '{ me { id email role } }' }),
      });
      return { status: response.status, body: withoutLocations((await response.json()) as GraphQLBody) };
    };
    const expected = {
      status: 401,
      body: unauthenticated('This service only answers requests signed by the gateway'),
    };
    assert.deepEqual(await forged({}), expected);
    assert.deepEqual(
      await forged({
        [SIGNED_CONTEXT_HEADERS.timestamp]: String(Date.now()),
        [SIGNED_CONTEXT_HEADERS.signature]: `v3=${createHmac('sha256', 'guessed').update('x').digest('base64url')}`,
      }),
      expected,
    );
    // Nor are the federation entry points open to the public.
    const entities = await fetch(platform.catalog.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ _service { sdl } }' }),
    });
    assert.equal(entities.status, 401);
  });

  test('after logout the same access token is refused with 401', async () => {
    const customer = await signUpCustomer(platform);
    const before = await platform.graphql(ME, {}, { token: customer.accessToken });
    assert.deepEqual(before.body, { data: { me: { id: customer.userId, role: 'CUSTOMER' } } });

    const loggedOut = await platform.graphql('mutation { logout }', {}, { token: customer.accessToken });
    assert.deepEqual(
      { status: loggedOut.status, ...loggedOut.body },
      { status: 200, data: { logout: true } },
    );

    const afterwards = await platform.graphql(ME, {}, { token: customer.accessToken });
    assert.deepEqual(
      { status: afterwards.status, ...afterwards.body },
      {
        status: 401,
        ...unauthenticated('The access token has been revoked'),
      },
    );
  });

  test('logout refuses every access token of the session, also the one issued before a refresh', async () => {
    const customer = await signUpCustomer(platform);
    const rotated = dataOf<{ accessToken: string }>(
      await platform.graphql(REFRESH, { refreshToken: customer.refreshToken }),
      'refreshToken',
    );
    const loggedOut = await platform.graphql('mutation { logout }', {}, { token: rotated.accessToken });
    assert.deepEqual(loggedOut.body, { data: { logout: true } });

    for (const token of [customer.accessToken, rotated.accessToken]) {
      const afterwards = await platform.graphql(ME, {}, { token });
      assert.deepEqual(
        { status: afterwards.status, ...afterwards.body },
        { status: 401, ...unauthenticated('The access token has been revoked') },
      );
    }
  });

  test('a reused refresh token ends the session: its access tokens are refused at once', async () => {
    const customer = await signUpCustomer(platform);
    const rotated = dataOf<{ accessToken: string }>(
      await platform.graphql(REFRESH, { refreshToken: customer.refreshToken }),
      'refreshToken',
    );
    const reused = await platform.graphql(REFRESH, { refreshToken: customer.refreshToken });
    assert.equal(reused.body.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');

    for (const token of [customer.accessToken, rotated.accessToken]) {
      const afterwards = await platform.graphql(ME, {}, { token });
      assert.deepEqual(
        { status: afterwards.status, ...afterwards.body },
        { status: 401, ...unauthenticated('The access token has been revoked') },
      );
    }
  });

  test('a password change revokes every earlier token of the user', async () => {
    const customer = await signUpCustomer(platform);
    const changed = await platform.graphql(
      'mutation Change($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) }',
      { current: 'correct horse battery', next: 'another long passphrase' },
      { token: customer.accessToken },
    );
    assert.deepEqual(changed.body, { data: { changePassword: true } });
    const afterwards = await platform.graphql(ME, {}, { token: customer.accessToken });
    assert.equal(afterwards.status, 401);
    assert.deepEqual(afterwards.body, unauthenticated('The access token has been revoked'));
  });

  test('a user-wide revocation refuses every token issued before it, and only those', async () => {
    const customer = await signUpCustomer(platform);
    const { iat } = jwt.decode(customer.accessToken) as { iat: number };
    const key = revokedUserKey(customer.userId);
    await platform.gateway.redis.set(key, String(iat + 1), 'EX', 60);
    try {
      const refused = await platform.graphql(ME, {}, { token: customer.accessToken });
      assert.deepEqual(
        { status: refused.status, ...refused.body },
        {
          status: 401,
          ...unauthenticated('The access token has been revoked'),
        },
      );
      await platform.gateway.redis.set(key, String(iat), 'EX', 60);
      const accepted = await platform.graphql(ME, {}, { token: customer.accessToken });
      assert.deepEqual(accepted.body, { data: { me: { id: customer.userId, role: 'CUSTOMER' } } });
    } finally {
      await platform.gateway.redis.del(key);
    }
  });

  describe('auth directives from the supergraph', () => {
    const input = { name: 'Not allowed', price: 1, stock: 1, saleStartsAt: new Date().toISOString() };

    test('@requiresScopes: anonymous → UNAUTHENTICATED, customer → FORBIDDEN, no subgraph is called', async () => {
      const customer = await signUpCustomer(platform);
      platform.catalogTraffic.length = 0;
      const anonymous = await platform.graphql(CREATE_PRODUCT, { input });
      assert.deepEqual(
        { status: anonymous.status, ...withoutLocations(anonymous.body) },
        {
          status: 401,
          ...unauthenticated('Mutation.createProduct needs the scope ADMIN'),
        },
      );
      const forbidden = await platform.graphql(CREATE_PRODUCT, { input }, { token: customer.accessToken });
      assert.deepEqual(
        { status: forbidden.status, ...withoutLocations(forbidden.body) },
        {
          status: 403,
          errors: [
            { message: 'Mutation.createProduct needs the scope ADMIN', extensions: { code: 'FORBIDDEN' } },
          ],
        },
      );
      assert.equal(platform.catalogTraffic.length, 0);
    });

    test('@authenticated deep in a selection, behind a fragment, refuses an anonymous caller', async () => {
      const result = await platform.graphql(/* GraphQL */ `
        query { product(id: "1") { id } ...Mine }
        fragment Mine on Query { order(id: "1") { id } }
      `);
      assert.deepEqual(
        { status: result.status, ...withoutLocations(result.body) },
        {
          status: 401,
          ...unauthenticated('Query.order needs a signed-in caller'),
        },
      );
    });
  });
});
