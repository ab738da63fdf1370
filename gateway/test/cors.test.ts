import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Platform, startPlatform, uniqueClient } from './gateway-harness.ts';

const STOREFRONT = 'http://shop.fcfs.test:3000';
const SECOND = 'https://m.fcfs.test';
const PRODUCTS = /* GraphQL */ 'query Products { products(first: 1) { totalCount } }';

let platform: Platform;
before(async () => {
  platform = await startPlatform({ CORS_ORIGINS: `${STOREFRONT}, ${SECOND}` });
});
after(() => platform?.close());

const preflight = (origin: string) =>
  fetch(platform.url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type, authorization',
      'x-forwarded-for': uniqueClient(),
    },
  });

const postFrom = (origin: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(platform.url, {
    method: 'POST',
    headers: { origin, 'x-forwarded-for': uniqueClient(), ...headers },
    body: JSON.stringify({ query: PRODUCTS }),
  });

describe('CORS_ORIGINS', () => {
  test('a listed origin passes the preflight for JSON with a bearer token, and gets its own name back', async () => {
    for (const origin of [STOREFRONT, SECOND]) {
      const response = await preflight(origin);
      assert.equal(response.status, 204);
      assert.equal(response.headers.get('access-control-allow-origin'), origin);
      assert.match(response.headers.get('access-control-allow-headers') ?? '', /content-type.*authorization/);
      assert.match(response.headers.get('access-control-allow-methods') ?? '', /POST/);
      assert.equal(response.headers.get('access-control-allow-credentials'), null);
    }
    const answer = await postFrom(STOREFRONT);
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('access-control-allow-origin'), STOREFRONT);
    assert.match(answer.headers.get('vary') ?? '', /Origin/i);
    assert.equal(answer.headers.get('access-control-expose-headers'), 'Date');
    const body = (await answer.json()) as { data?: { products: { totalCount: number } } };
    assert.equal(typeof body.data?.products.totalCount, 'number');
  });

  test('any other origin is refused its preflight and gets no CORS header on an answer', async () => {
    for (const origin of ['http://evil.fcfs.test', 'http://shop.fcfs.test:3001', 'null']) {
      const response = await preflight(origin);
      assert.equal(response.status, 403, origin);
      assert.equal(response.headers.get('access-control-allow-origin'), null, origin);
      const answer = await postFrom(origin);
      assert.equal(answer.headers.get('access-control-allow-origin'), null, origin);
      await answer.body?.cancel();
    }
  });

  test('CSRF prevention stays on: a simple cross-site request (no preflight) is refused, even from a listed origin', async () => {
    for (const origin of [STOREFRONT, 'http://evil.fcfs.test']) {
      const response = await postFrom(origin, { 'content-type': 'text/plain' });
      assert.equal(response.status, 400, origin);
      assert.match(await response.text(), /CSRF/i);
    }
  });
});
