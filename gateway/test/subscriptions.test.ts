import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import {
  createEvent,
  createKafka,
  createKafkaPublisher,
  createLogger,
  type EventPublisher,
  ORDER_STATUSES,
} from '@fcfs/shared';
import jwt from 'jsonwebtoken';
import {
  dataOf,
  loginAdmin,
  type Platform,
  requireTestEnv,
  type Session,
  signUpCustomer,
  startPlatform,
  unique,
} from './gateway-harness.ts';
import { openSocket, type TestSocket, until } from './subscription-client.ts';

/** The orders subgraph is built beside the gateway; its part of this file runs once it exists. */
const ordersHarness = new URL('../../subgraphs/orders/test/orders-harness.ts', import.meta.url);
const ordersExist = existsSync(ordersHarness);

type Orders = { url: string; close: () => Promise<void> };

const STATUS_CHANGED = /* GraphQL */ `
  subscription Changed($orderId: ID) {
    orderStatusChanged(orderId: $orderId) { id status items { quantity product { name } } }
  }
`;

const bearer = (session: Session) => `Bearer ${session.accessToken}`;

describe('subscriptions over graphql-ws', () => {
  let platform: Platform;
  let orders: Orders | undefined;
  let publisher: EventPublisher;
  const sockets: TestSocket[] = [];
  const open = (authorization?: string) => {
    const socket = openSocket(platform.url, authorization);
    sockets.push(socket);
    return socket;
  };

  before(async () => {
    if (ordersExist) {
      const { startOrders } = (await import(ordersHarness.href)) as {
        startOrders: () => Promise<Orders>;
      };
      orders = await startOrders();
    }
    platform = await startPlatform({}, orders ? { ORDERS_URL: orders.url } : {});
    const logger = createLogger('gateway-test', 'warn');
    publisher = await createKafkaPublisher(
      createKafka(requireTestEnv('KAFKA_BROKERS').split(','), 'gateway-test', logger),
    );
  });
  after(async () => {
    await Promise.all(sockets.map((socket) => socket.dispose()));
    await publisher.close();
    await platform.close();
    await orders?.close();
  });

  const publishStatusChange = (orderId: string, userId: string) =>
    publisher.publish([
      createEvent('order.status-changed', orderId, {
        orderId,
        userId,
        from: 'PAYMENT_PENDING',
        to: 'PAID',
        changedAt: new Date().toISOString(),
      }),
    ]);

  test('a socket with a bad token is closed 4403, before any subscription', async () => {
    const socket = open('Bearer not-a-token');
    assert.deepEqual(await socket.closed, { code: 4403, reason: 'Forbidden' });
  });

  test('an anonymous socket may connect, but subscribing needs a signed-in caller', async () => {
    const socket = open();
    await socket.connected;
    const received = socket.subscribe(STATUS_CHANGED);
    await until(() => received.errors.length > 0, 'the error');
    assert.deepEqual(received.errors, [
      [
        {
          message: 'Subscription.orderStatusChanged needs a signed-in caller',
          extensions: { code: 'UNAUTHENTICATED' },
        },
      ],
    ]);
  });

  test('queries are not served over the socket', async () => {
    const customer = await signUpCustomer(platform);
    const socket = open(bearer(customer));
    await socket.connected;
    const received = socket.subscribe('query { __typename }');
    await until(() => received.errors.length > 0, 'the error');
    assert.deepEqual(received.errors, [
      [
        {
          message: 'Only subscriptions are served over WebSocket; send queries and mutations over HTTP',
          extensions: { code: 'BAD_REQUEST' },
        },
      ],
    ]);
  });

  test('logging out closes the socket (4401) within one deny-list sweep', async () => {
    const customer = await signUpCustomer(platform);
    const socket = open(bearer(customer));
    await socket.connected;
    socket.subscribe(STATUS_CHANGED);
    await platform.graphql('mutation { logout }', {}, { token: customer.accessToken });
    const started = Date.now();
    assert.deepEqual(await socket.closed, { code: 4401, reason: 'Token revoked' });
    assert.ok(Date.now() - started < 3_000);
  });

  test('the socket is closed (4401) when its token expires', async () => {
    const customer = await signUpCustomer(platform);
    const now = Math.floor(Date.now() / 1000);
    const shortLived = jwt.sign(
      { role: 'CUSTOMER', sid: '00000000-0000-4000-8000-000000000000', iat: now },
      readFileSync(requireTestEnv('JWT_PRIVATE_KEY_FILE'), 'utf8'),
      {
        algorithm: 'ES256',
        expiresIn: 2,
        issuer: requireTestEnv('JWT_ISSUER'),
        audience: requireTestEnv('JWT_AUDIENCE'),
        subject: customer.userId,
        jwtid: unique('short'),
      },
    );
    const socket = open(`Bearer ${shortLived}`);
    await socket.connected;
    assert.deepEqual(await socket.closed, { code: 4401, reason: 'Token expired' });
    assert.ok(Date.now() / 1000 >= now + 1);
  });

  test('a buyer receives its own order’s status change with federated fields, never another buyer’s', {
    skip: ordersExist ? false : 'the orders subgraph does not exist yet',
  }, async () => {
    const admin = await loginAdmin(platform);
    const created = await platform.graphql(
      'mutation Create($input: CreateProductInput!) { createProduct(input: $input) { id } }',
      {
        input: {
          name: `Subscribed kettle ${unique('p')}`,
          price: 30_000,
          stock: 10,
          purchaseLimit: 5,
          saleStartsAt: new Date(Date.now() - 60_000).toISOString(),
        },
      },
      { token: admin.accessToken },
    );
    const productId = dataOf<{ id: string }>(created, 'createProduct').id;
    const productName = dataOf<{ name: string }>(
      await platform.graphql('query P($id: ID!) { product(id: $id) { name } }', { id: productId }),
      'product',
    ).name;

    const buyer = await signUpCustomer(platform);
    const other = await signUpCustomer(platform);
    const placed = await platform.graphql(
      'mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) { id status } }',
      { input: { items: [{ productId, quantity: 2 }], idempotencyKey: unique('order') } },
      { token: buyer.accessToken },
    );
    const order = dataOf<{ id: string; status: string }>(placed, 'placeOrder');

    const buyerSocket = open(bearer(buyer));
    const otherSocket = open(bearer(other));
    await Promise.all([buyerSocket.connected, otherSocket.connected]);
    const allOfBuyer = buyerSocket.subscribe(STATUS_CHANGED);
    const thisOrder = buyerSocket.subscribe(STATUS_CHANGED, { orderId: order.id });
    const allOfOther = otherSocket.subscribe(STATUS_CHANGED);
    const othersPeek = otherSocket.subscribe(STATUS_CHANGED, { orderId: order.id });
    await until(() => platform.gateway.feed.size() === 4, 'four open subscriptions');
    await platform.gateway.events.nextFetch();

    await publishStatusChange(order.id, buyer.userId);
    await until(() => allOfBuyer.results.length > 0 && thisOrder.results.length > 0, 'the buyer’s events');

    // A running orders relay may announce this order's own changes (placed, cancelled) too: every payload
    // is this order, with its items' product names resolved from catalog.
    const expected = (status: unknown) => ({
      data: {
        orderStatusChanged: {
          id: order.id,
          status,
          items: [{ quantity: 2, product: { name: productName } }],
        },
      },
    });
    for (const result of [...allOfBuyer.results, ...thisOrder.results]) {
      const status = (result.data as { orderStatusChanged?: { status?: unknown } }).orderStatusChanged
        ?.status;
      assert.ok(typeof status === 'string' && (ORDER_STATUSES as readonly string[]).includes(status));
      assert.deepEqual(result, expected(status));
    }
    const delivered = allOfBuyer.results.length;

    // An event under the other buyer's id, even naming this order, shows the other buyer nothing: orders
    // answers null for someone else's order, so no payload is sent.
    await publishStatusChange(order.id, other.userId);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    assert.deepEqual(
      {
        results: [...allOfOther.results, ...othersPeek.results],
        errors: [...allOfOther.errors, ...othersPeek.errors],
      },
      { results: [], errors: [] },
    );
    assert.equal(allOfBuyer.results.length, delivered);

    await platform.graphql(
      'mutation C($id: ID!) { cancelOrder(id: $id) { id } }',
      { id: order.id },
      {
        token: buyer.accessToken,
      },
    );
  });
});
