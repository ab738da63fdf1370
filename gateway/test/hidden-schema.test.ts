import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { GatewayApp } from '../src/app.ts';
import { type Platform, postGraphQL, startPlatform, startTestGateway } from './gateway-harness.ts';

const TYPO_IN_QUERY = { query: '{ prodcts(first: 1) { totalCount } }' };
const PRODUCTS = 'query Shelf($filter: ProductFilter) { products(first: 1, filter: $filter) { totalCount } }';
const TYPO_IN_ENUM = { query: PRODUCTS, variables: { filter: { saleStatus: ['ON_SAL'] } } };
const TYPO_IN_INPUT = { query: PRODUCTS, variables: { filter: { serch: 'lamp' } } };

const messagesOf = async (url: string, payload: { query: string; variables?: Record<string, unknown> }) =>
  ((await postGraphQL(url, payload)).body.errors ?? []).map((error) => error.message);

describe('errors and the schema', () => {
  let platform: Platform;
  let introspecting: GatewayApp;

  before(async () => {
    platform = await startPlatform();
    introspecting = await startTestGateway({
      USERS_URL: platform.users.url,
      CATALOG_URL: platform.catalog.url,
      GATEWAY_INTROSPECTION: 'true',
    });
  });
  after(async () => {
    await introspecting.stop();
    await platform.close();
  });

  test('with introspection off, no error suggests a field, enum value or input field', async () => {
    assert.deepEqual(
      await Promise.all(
        [TYPO_IN_QUERY, TYPO_IN_ENUM, TYPO_IN_INPUT].map((payload) => messagesOf(platform.url, payload)),
      ),
      [
        ['Cannot query field "prodcts" on type "Query".'],
        [
          'Variable "$filter" got invalid value "ON_SAL" at "filter.saleStatus[0]"; Value "ON_SAL" does not exist in "SaleStatus" enum.',
        ],
        [
          'Variable "$filter" got invalid value { serch: "lamp" }; Field "serch" is not defined by type "ProductFilter".',
        ],
      ],
    );
  });

  test('with introspection on, the suggestions stay: the schema is public there anyway', async () => {
    for (const payload of [TYPO_IN_QUERY, TYPO_IN_ENUM, TYPO_IN_INPUT]) {
      const [message] = await messagesOf(introspecting.url, payload);
      assert.match(message ?? '', /Did you mean/, payload.query);
    }
  });
});
