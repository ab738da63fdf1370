import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SIGNED_CONTEXT_HEADERS } from '@fcfs/shared';
import { type Platform, type RecordedRequest, startPlatform } from './gateway-harness.ts';

const PRODUCT = /* GraphQL */ `
  query Product($id: ID!) { product(id: $id) { id name } }
`;

const refused = {
  status: 401,
  body: {
    errors: [
      {
        message: 'This service only answers requests signed by the gateway',
        extensions: { code: 'UNAUTHENTICATED' },
      },
    ],
  },
};

describe('one signing key per subgraph', () => {
  let platform: Platform;
  let captured: RecordedRequest;

  before(async () => {
    platform = await startPlatform();
    platform.catalogTraffic.length = 0;
    await platform.graphql(PRODUCT, { id: '1' });
    const [request] = platform.catalogTraffic;
    assert.ok(request);
    captured = request;
  });
  after(() => platform.close());

  const replay = (url: string, body: string) =>
    fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...Object.fromEntries(
          Object.values(SIGNED_CONTEXT_HEADERS).map((name) => [name, String(captured.headers[name])]),
        ),
      },
      body,
    }).then(async (response) => ({ status: response.status, body: await response.json() }));

  test('a request the gateway signed for catalog is refused by users', async () => {
    // Within its minute the captured request still verifies where it was sent…
    assert.equal((await replay(platform.catalog.url, captured.body)).status, 200);
    // …and nowhere else: users has its own key and its own name in the payload.
    assert.deepEqual(await replay(platform.users.url, captured.body), refused);
  });

  test('the operation name the gateway sends is signed', async () => {
    const body = JSON.parse(captured.body) as { operationName?: unknown };
    assert.equal(typeof body.operationName, 'string');
    assert.deepEqual(
      await replay(platform.catalog.url, JSON.stringify({ ...body, operationName: 'Another' })),
      refused,
    );
  });
});
