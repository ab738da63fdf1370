import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { rateLimitKey, revokedJtiKey } from '@fcfs/shared';
import { withoutLocations } from '@fcfs/shared/testing';
import jwt from 'jsonwebtoken';
import type { GatewayApp } from '../src/app.ts';
import {
  dataOf,
  type Platform,
  postGraphQL,
  signUpCustomer,
  startPlatform,
  startTestGateway,
  unique,
  uniqueClient,
} from './gateway-harness.ts';

const WINDOW_MS = 2_000;

const tooComplex = (message: string) => ({
  status: 400,
  errors: [{ message, extensions: { code: 'QUERY_TOO_COMPLEX' } }],
});

const LOGIN = /* GraphQL */ `
  mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }
`;

describe('request protection', () => {
  let platform: Platform;

  before(async () => {
    platform = await startPlatform({
      RATE_LIMIT_WINDOW: `${WINDOW_MS}ms`,
      RATE_LIMIT_LOGIN_PER_CLIENT: '3',
      RATE_LIMIT_LOGIN_PER_ACCOUNT: '3',
      RATE_LIMIT_PLACE_ORDER_PER_USER: '2',
      RATE_LIMIT_EXPENSIVE_QUERIES_PER_CLIENT: '2',
    });
  });
  after(() => platform.close());

  describe('query limits', () => {
    test('an alias bomb is refused with QUERY_TOO_COMPLEX before any subgraph is called', async () => {
      platform.catalogTraffic.length = 0;
      const aliases = Array.from(
        { length: 40 },
        (_, index) => `p${index}: product(id: "${index}") { id name }`,
      );
      const result = await platform.graphql(`query Bomb { ${aliases.join('\n')} }`);
      assert.deepEqual(
        { status: result.status, ...result.body },
        tooComplex('Aliases limit of 30 exceeded, found 40.'),
      );
      assert.equal(platform.catalogTraffic.length, 0);
    });

    test('a query nested deeper than the limit is refused with QUERY_TOO_COMPLEX', async () => {
      // order → user → orders → edges → node → user → … : 4 levels per turn of the cycle.
      const cycle = (turns: number): string =>
        turns === 0 ? 'id' : `user { orders { edges { node { ${cycle(turns - 1)} } } } }`;
      const result = await platform.graphql(`query Deep { order(id: "1") { ${cycle(3)} } }`);
      assert.deepEqual(
        { status: result.status, ...result.body },
        tooComplex('Query depth limit of 12 exceeded, found 14.'),
      );
    });

    test('an oversized page is refused: by cost at the gateway, by the page limit in catalog', async () => {
      const huge = await platform.graphql(
        'query Huge($n: Int) { products(first: $n) { edges { node { id } } } }',
        {
          n: 100_000,
        },
      );
      assert.deepEqual(
        { status: huge.status, ...huge.body },
        tooComplex('Query cost 400002 exceeds the limit of 5000: ask for smaller pages'),
      );

      const overLimit = await platform.graphql('{ products(first: 101) { edges { node { id } } } }');
      assert.equal(overLimit.status, 200);
      assert.deepEqual(
        withoutLocations(overLimit.body).errors?.map(({ message, extensions }) => ({
          message,
          code: extensions?.code,
        })),
        [{ message: 'first must be between 0 and 100', code: 'BAD_USER_INPUT' }],
      );
    });

    test('a count costs the rows it scans, even on a page of 0', async () => {
      // 1 + a sale window read row by row for the page (1,000 assumed) + the count (1,000) per alias.
      const counts = ['a', 'b', 'c'].map(
        (alias) => `${alias}: products(first: 0, filter: { saleStatus: [ON_SALE] }) { totalCount }`,
      );
      const result = await platform.graphql(`query Counts { ${counts.join('\n')} }`);
      assert.deepEqual(
        { status: result.status, ...result.body },
        tooComplex('Query cost 6003 exceeds the limit of 5000: ask for smaller pages'),
      );
    });

    test('expensive queries are rate limited per client; cheap ones from that client still pass', async () => {
      const client = uniqueClient();
      const count = () =>
        platform.graphql(
          'query Count($filter: ProductFilter) { products(first: 0, filter: $filter) { totalCount } }',
          { filter: { saleStatus: ['ON_SALE'] } },
          { client },
        );
      for (let attempt = 1; attempt <= 2; attempt += 1) {
        const result = await count();
        assert.equal(result.body.errors, undefined, JSON.stringify(result.body));
      }
      const limited = await count();
      const retryAfterSeconds = limited.body.errors?.[0]?.extensions?.retryAfterSeconds;
      assert.ok(typeof retryAfterSeconds === 'number' && retryAfterSeconds >= 1 && retryAfterSeconds <= 2);
      assert.deepEqual(
        { status: limited.status, ...limited.body },
        {
          status: 429,
          errors: [
            {
              message: `Too many requests, retry in ${retryAfterSeconds}s`,
              extensions: { code: 'RATE_LIMITED', retryAfterSeconds },
            },
          ],
        },
      );
      const cheap = await platform.graphql(
        '{ products(first: 5) { edges { node { id } } } }',
        {},
        { client },
      );
      assert.deepEqual(
        { status: cheap.status, errors: cheap.body.errors },
        { status: 200, errors: undefined },
      );
    });

    test('a query of a reasonable size passes', async () => {
      const result = await platform.graphql(
        '{ products(first: 100) { totalCount edges { node { id name price } } } }',
      );
      assert.equal(result.status, 200);
      assert.equal(result.body.errors, undefined);
    });
  });

  describe('HTTP', () => {
    test('a body over the limit is refused with 413 and no stack trace', async () => {
      const result = await platform.graphql(`query Big { __typename } # ${'x'.repeat(70 * 1024)}`);
      assert.deepEqual(
        { status: result.status, ...result.body },
        {
          status: 413,
          errors: [{ message: 'The request body is too large', extensions: { code: 'BAD_REQUEST' } }],
        },
      );
    });

    test('a body that is not JSON is refused with 400 and no stack trace', async () => {
      const response = await fetch(platform.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': uniqueClient() },
        body: '{"query": ',
      });
      assert.deepEqual(
        { status: response.status, body: await response.json() },
        {
          status: 400,
          body: {
            errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
          },
        },
      );
    });

    test('batched requests are refused', async () => {
      const response = await fetch(platform.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': uniqueClient() },
        body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
      });
      assert.equal(response.status, 400);
    });

    test('CSRF prevention refuses a simple GET without a preflight header', async () => {
      const simple = await fetch(`${platform.url}?query=${encodeURIComponent('{ __typename }')}`);
      assert.equal(simple.status, 400);
      const preflighted = await fetch(`${platform.url}?query=${encodeURIComponent('{ __typename }')}`, {
        headers: { 'apollo-require-preflight': 'true' },
      });
      assert.deepEqual(
        { status: preflighted.status, body: await preflighted.json() },
        {
          status: 200,
          body: { data: { __typename: 'Query' } },
        },
      );
    });

    test('subscriptions over HTTP are pointed at the WebSocket', async () => {
      const result = await platform.graphql('subscription { orderStatusChanged { id } }');
      assert.deepEqual(
        { status: result.status, ...withoutLocations(result.body) },
        {
          status: 400,
          errors: [
            {
              message: 'Subscriptions are served over WebSocket (graphql-ws) at this same /graphql path',
              extensions: { code: 'BAD_REQUEST' },
            },
          ],
        },
      );
    });

    test('introspection is off outside development', async () => {
      const result = await platform.graphql('{ __schema { queryType { name } } }');
      assert.equal(result.status, 400);
      assert.equal(result.body.errors?.[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
    });

    test('/health answers, /ready reports each dependency', async () => {
      const health = await fetch(platform.url.replace(/graphql$/, 'health'));
      assert.deepEqual(
        { status: health.status, body: await health.json() },
        { status: 200, body: { status: 'ok' } },
      );
      // orders and payments are not started in this test, so the gateway is not ready.
      const ready = await fetch(platform.url.replace(/graphql$/, 'ready'));
      assert.deepEqual(
        { status: ready.status, body: await ready.json() },
        {
          status: 503,
          body: {
            status: 'not ready',
            checks: { redis: 'up', users: 'up', catalog: 'up', orders: 'down', payments: 'down' },
          },
        },
      );
    });
  });

  describe('automatic persisted queries', () => {
    let replica: GatewayApp;
    before(async () => {
      replica = await startTestGateway({
        USERS_URL: platform.users.url,
        CATALOG_URL: platform.catalog.url,
        GATEWAY_INTROSPECTION: 'true',
      });
    });
    after(() => replica.stop());

    test('a hash alone misses, the registered query then hits on every replica', async () => {
      const query = `query Apq { products(first: 1) { totalCount } } # ${unique('apq')}`;
      const sha256Hash = createHash('sha256').update(query).digest('hex');
      const extensions = { persistedQuery: { version: 1, sha256Hash } };

      const miss = await postGraphQL(platform.url, { extensions });
      assert.deepEqual(
        { status: miss.status, ...miss.body },
        {
          status: 200,
          errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }],
        },
      );

      const registered = await postGraphQL(platform.url, { query, extensions });
      assert.equal(registered.status, 200);
      const { totalCount } = dataOf<{ totalCount: number }>(registered, 'products');
      assert.ok(totalCount >= 0);
      assert.ok(await platform.gateway.redis.exists(`{gateway}:apq:${sha256Hash}`));

      for (const url of [platform.url, replica.url]) {
        const hit = await postGraphQL(url, { extensions });
        assert.deepEqual(
          { status: hit.status, ...hit.body },
          { status: 200, data: { products: { totalCount } } },
        );
      }
    });

    test('introspection and the Sandbox landing page when switched on', async () => {
      const introspection = await postGraphQL(replica.url, { query: '{ __schema { queryType { name } } }' });
      assert.deepEqual(introspection.body, { data: { __schema: { queryType: { name: 'Query' } } } });
      const landing = await fetch(replica.url, { headers: { accept: 'text/html' } });
      assert.equal(landing.status, 200);
      assert.match(await landing.text(), /sandbox/i);
    });
  });

  describe('persisted-query budget', () => {
    let budgeted: GatewayApp;
    before(async () => {
      budgeted = await startTestGateway({
        USERS_URL: platform.users.url,
        CATALOG_URL: platform.catalog.url,
        RATE_LIMIT_WINDOW: `${WINDOW_MS}ms`,
        APQ_MAX_QUERY_BYTES: '300',
        APQ_MAX_ENTRIES: '3',
        RATE_LIMIT_APQ_REGISTRATIONS_PER_CLIENT: '2',
      });
    });
    after(() => budgeted.stop());

    const persisted = (query: string) => ({
      version: 1,
      sha256Hash: createHash('sha256').update(query).digest('hex'),
    });
    const register = (query: string, client: string) =>
      postGraphQL(budgeted.url, { query, extensions: { persistedQuery: persisted(query) } }, { client });
    const byHash = (query: string) =>
      postGraphQL(budgeted.url, { extensions: { persistedQuery: persisted(query) } });
    const cheapQuery = () => `query Typename { __typename } # ${unique('apq')}`;

    test('a query over APQ_MAX_QUERY_BYTES is not registered', async () => {
      const query = `query Big { __typename } # ${unique('apq')} ${'x'.repeat(300)}`;
      const refused = await register(query, uniqueClient());
      assert.deepEqual(
        { status: refused.status, ...withoutLocations(refused.body) },
        {
          status: 400,
          errors: [
            {
              message: `A persisted query may be at most 300 bytes (this one has ${Buffer.byteLength(query)}): send it without the persistedQuery extension`,
              extensions: { code: 'BAD_USER_INPUT', maxQueryBytes: 300 },
            },
          ],
        },
      );
      const miss = await byHash(query);
      assert.equal(miss.body.errors?.[0]?.extensions?.code, 'PERSISTED_QUERY_NOT_FOUND');
      // The same query without the extension still runs.
      const plain = await postGraphQL(budgeted.url, { query });
      assert.deepEqual(plain.body, { data: { __typename: 'Query' } });
    });

    test('registrations are rate limited per client', async () => {
      const client = uniqueClient();
      for (let attempt = 1; attempt <= 2; attempt += 1) {
        const registered = await register(cheapQuery(), client);
        assert.deepEqual(registered.body, { data: { __typename: 'Query' } });
      }
      const query = cheapQuery();
      const limited = await register(query, client);
      assert.equal(limited.status, 429);
      assert.equal(limited.body.errors?.[0]?.extensions?.code, 'RATE_LIMITED');
      assert.equal(typeof limited.body.errors?.[0]?.extensions?.retryAfterSeconds, 'number');
      assert.equal((await byHash(query)).body.errors?.[0]?.extensions?.code, 'PERSISTED_QUERY_NOT_FOUND');
      // Another client registers as usual.
      const other = await register(query, uniqueClient());
      assert.deepEqual(other.body, { data: { __typename: 'Query' } });
    });

    test('the store keeps at most APQ_MAX_ENTRIES queries, evicting the least recently used', async () => {
      const queries = Array.from({ length: 5 }, cheapQuery);
      for (const query of queries) {
        const registered = await register(query, uniqueClient());
        assert.deepEqual(registered.body, { data: { __typename: 'Query' } });
      }
      assert.equal(await budgeted.redis.zcard('{gateway}:apq-index'), 3);
      const answers = await Promise.all(
        queries.map(async (query) => (await byHash(query)).body.errors?.[0]?.extensions?.code ?? 'hit'),
      );
      assert.deepEqual(answers, [
        'PERSISTED_QUERY_NOT_FOUND',
        'PERSISTED_QUERY_NOT_FOUND',
        'hit',
        'hit',
        'hit',
      ]);
    });
  });

  describe('rate limits', () => {
    const wrongLogin = (email: string, client: string) =>
      platform.graphql(LOGIN, { email, password: 'not the password' }, { client });

    test('login per client trips with RATE_LIMITED and a retry hint, then recovers', async () => {
      const client = uniqueClient();
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        const result = await wrongLogin(`${unique('nobody')}@example.test`, client);
        assert.equal(withoutLocations(result.body).errors?.[0]?.extensions?.code, 'INVALID_CREDENTIALS');
      }
      const limited = await wrongLogin(`${unique('nobody')}@example.test`, client);
      const retryAfterSeconds = limited.body.errors?.[0]?.extensions?.retryAfterSeconds;
      assert.ok(typeof retryAfterSeconds === 'number' && retryAfterSeconds >= 1 && retryAfterSeconds <= 2);
      assert.deepEqual(
        { status: limited.status, ...withoutLocations(limited.body) },
        {
          status: 429,
          errors: [
            {
              message: `Too many requests, retry in ${retryAfterSeconds}s`,
              extensions: { code: 'RATE_LIMITED', retryAfterSeconds },
            },
          ],
        },
      );
      assert.equal(limited.headers.get('retry-after'), String(retryAfterSeconds));

      // Another client is not affected…
      const other = await wrongLogin(`${unique('nobody')}@example.test`, uniqueClient());
      assert.equal(other.body.errors?.[0]?.extensions?.code, 'INVALID_CREDENTIALS');
      // …and this one may try again once the window has passed.
      await new Promise((resolve) => setTimeout(resolve, retryAfterSeconds * 1000 + 100));
      const recovered = await wrongLogin(`${unique('nobody')}@example.test`, client);
      assert.equal(recovered.body.errors?.[0]?.extensions?.code, 'INVALID_CREDENTIALS');
    });

    test('login per account trips whatever client the attempts come from', async () => {
      const email = `${unique('target')}@example.test`;
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        const result = await wrongLogin(email, uniqueClient());
        assert.equal(result.body.errors?.[0]?.extensions?.code, 'INVALID_CREDENTIALS');
      }
      const limited = await wrongLogin(email.toUpperCase(), uniqueClient());
      assert.equal(limited.status, 429);
      assert.equal(limited.body.errors?.[0]?.extensions?.code, 'RATE_LIMITED');
    });

    const placeOrder = (token: string) =>
      platform.graphql(
        'mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }',
        { input: { items: [{ productId: '1', quantity: 1 }], idempotencyKey: unique('key') } },
        { token, client: uniqueClient() },
      );

    test('placeOrder per buyer trips across clients, before orders is called', async () => {
      const buyer = await signUpCustomer(platform);
      const place = () => placeOrder(buyer.accessToken);
      // orders is not running here: the first two reach the gateway's planner and fail downstream.
      for (let attempt = 1; attempt <= 2; attempt += 1) {
        const result = await place();
        assert.notEqual(result.body.errors?.[0]?.extensions?.code, 'RATE_LIMITED');
      }
      const limited = await place();
      assert.equal(limited.status, 429);
      assert.equal(limited.body.errors?.[0]?.extensions?.code, 'RATE_LIMITED');
    });

    test('a revoked token is refused before anything is counted, so it cannot use up its user’s limits', async () => {
      const buyer = await signUpCustomer(platform);
      const { jti } = jwt.decode(buyer.accessToken) as { jti: string };
      await platform.gateway.redis.set(revokedJtiKey(jti), '1', 'EX', 60);
      const refused = await placeOrder(buyer.accessToken);
      assert.deepEqual(
        { status: refused.status, ...refused.body },
        {
          status: 401,
          errors: [{ message: 'The access token has been revoked', extensions: { code: 'UNAUTHENTICATED' } }],
        },
      );
      const windows = ['gateway-mutation-user', 'gateway-place-order-user'].map((name) =>
        rateLimitKey({ name, limit: 1, windowMs: WINDOW_MS }, buyer.userId),
      );
      assert.equal(await platform.gateway.redis.exists(...windows), 0);
    });
  });
});
