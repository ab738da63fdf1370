import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import { createProduct, eventually, loginAdmin, signUpBuyer } from '../support/buyers.ts';
import { activeGroups } from '../support/consumer-groups.ts';
import { Platform } from '../support/platform.ts';
import { watchOrderStatus } from '../support/subscription.ts';

// GATEWAY_WORKERS=2: a primary and two gateway processes sharing one port. The primary hands connections out
// in turn, so of several subscription sockets some land on each worker, and each must see every change.
const SOCKETS = 4;

let platform: Platform;
before(async () => {
  platform = await Platform.start({ gateway: { GATEWAY_WORKERS: '2' } });
});
after(() => platform?.close());

const portIsClosed = (url: string) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });

test('two workers each follow the status feed: every subscriber, on either worker, sees the order go PAID', async () => {
  const feeds = await eventually(
    () => activeGroups('gateway-'),
    (groups) => groups.length === 2,
    10_000,
    200,
  );
  assert.equal(feeds.length, 2, `one status-feed consumer group per worker: ${feeds.join(', ')}`);

  const productId = await createProduct(platform, await loginAdmin(platform), {
    name: `gateway workers ${randomUUID()}`,
    stock: 1,
  });
  const buyer = await signUpBuyer(platform);
  const watches = Array.from({ length: SOCKETS }, () =>
    watchOrderStatus(platform.gatewayUrl, buyer.accessToken, 'id status'),
  );
  try {
    await Promise.all(watches.map((watch) => watch.subscribed));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const placed = await platform.graphql<{ placeOrder: { id: string } }>(
      /* GraphQL */ `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`,
      { input: { items: [{ productId, quantity: 1 }], idempotencyKey: randomUUID() } },
      buyer.accessToken,
    );
    const orderId = placed.data?.placeOrder.id;
    assert.ok(orderId, JSON.stringify(placed));
    for (const [index, watch] of watches.entries()) {
      const seen: string[] = await eventually(
        async (): Promise<string[]> =>
          watch.events.filter((event) => event.id === orderId).map((event) => event.status),
        (statuses) => statuses.includes('PAID'),
        15_000,
        200,
      );
      assert.deepEqual(seen, ['PAYMENT_PENDING', 'PAID'], `socket ${index + 1}`);
      assert.deepEqual(watch.errors, []);
    }
  } finally {
    await Promise.all(watches.map((watch) => watch.close()));
  }
});

/** One GET or POST on a connection of its own (no keep-alive), so the primary hands each to the next worker. */
const onNewConnection = (url: string, body?: string) =>
  new Promise<string>((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: body ? 'POST' : 'GET',
        agent: false,
        headers: body ? { 'content-type': 'application/json' } : {},
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
        });
        response.on('end', () => resolve(text));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });

test('/metrics sums both workers: any scrape counts every request, whichever worker served it', async () => {
  const PROBES = 20;
  for (let probe = 0; probe < PROBES; probe += 1) {
    await onNewConnection(
      platform.gatewayUrl,
      JSON.stringify({ query: 'query WorkersProbe { __typename }' }),
    );
  }
  const metricsUrl = platform.gatewayUrl.replace(/graphql$/, 'metrics');
  for (let scrape = 0; scrape < 2; scrape += 1) {
    const counted = (await onNewConnection(metricsUrl))
      .split('\n')
      .filter(
        (line) =>
          line.startsWith('fcfs_gateway_request_duration_seconds_count{') &&
          line.includes('operation="WorkersProbe"'),
      )
      .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
    assert.equal(counted, PROBES, `scrape ${scrape + 1}`);
  }
});

test('SIGTERM to the primary stops both workers within the deadline: exit 0, port closed, feeds gone', async () => {
  const exit = await platform.stopService('gateway');
  assert.equal(exit?.code, 0, JSON.stringify(exit));
  assert.equal(exit?.killedAfterTimeout, false);
  assert.ok(await portIsClosed(platform.gatewayUrl), 'nothing listens on the gateway port');
  assert.deepEqual(await activeGroups('gateway-'), []);
});
