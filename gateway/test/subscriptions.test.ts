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
import WebSocket from 'ws';
import type { GatewayApp } from '../src/app.ts';
import {
  dataOf,
  loginAdmin,
  type Platform,
  type RecordedRequest,
  requireTestEnv,
  type Session,
  signUpCustomer,
  startPlatform,
  startRecorder,
  startTestGateway,
  unique,
} from './gateway-harness.ts';
import { openSocket, type TestSocket, until } from './subscription-client.ts';

/** The orders subgraph is built beside the gateway; its part of this file runs once it exists. */
const ordersHarness = new URL('../../subgraphs/orders/test/orders-harness.ts', import.meta.url);
const ordersExist = existsSync(ordersHarness);

type Orders = { url: string; close: () => Promise<void> };

const CONNECT_TIMEOUT_MS = 1_000;

/** Resolves with what happened first: the server's close, or nothing within `ms`. */
const closedWithin = (socket: TestSocket, ms: number) =>
  Promise.race([
    socket.closed,
    new Promise<'still open'>((resolve) => setTimeout(() => resolve('still open'), ms)),
  ]);

const STATUS_CHANGED = /* GraphQL */ `
  subscription Changed($orderId: ID) {
    orderStatusChanged(orderId: $orderId) { id status items { quantity product { name } } }
  }
`;

const bearer = (session: Session) => `Bearer ${session.accessToken}`;

describe('subscriptions over graphql-ws', () => {
  let platform: Platform;
  let orders: Orders | undefined;
  /** What the gateway sent to orders. */
  let ordersTraffic: RecordedRequest[] = [];
  let ordersUrl: string | undefined;
  let closeOrdersRecorder: () => Promise<void> = () => Promise.resolve();
  let publisher: EventPublisher;
  const sockets: TestSocket[] = [];
  const open = (authorization?: string) => {
    const socket = openSocket(platform.url, authorization);
    sockets.push(socket);
    return socket;
  };

  before(async () => {
    if (ordersExist) {
      const { startTestOrders } = (await import(ordersHarness.href)) as {
        startTestOrders: () => Promise<Orders>;
      };
      orders = await startTestOrders();
      const recorder = await startRecorder(orders.url);
      ordersTraffic = recorder.recorded;
      ordersUrl = recorder.url;
      closeOrdersRecorder = recorder.close;
    }
    platform = await startPlatform(
      { SUBSCRIPTION_CONNECT_TIMEOUT: `${CONNECT_TIMEOUT_MS}ms` },
      ordersUrl ? { ORDERS_URL: ordersUrl } : {},
    );
    const logger = createLogger('gateway-test', 'warn');
    publisher = await createKafkaPublisher(
      createKafka(requireTestEnv('KAFKA_BROKERS').split(','), 'gateway-test', logger),
    );
  });
  after(async () => {
    await Promise.all(sockets.map((socket) => socket.dispose()));
    await publisher.close();
    await platform.close();
    await closeOrdersRecorder();
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

  test('an anonymous socket is closed (4401) at connection_init: it could subscribe to nothing', async () => {
    const socket = open();
    assert.deepEqual(await closedWithin(socket, 2_000), {
      code: 4401,
      reason: 'Sign in: send the access token in connection_init',
    });
  });

  test('a socket that never sends connection_init is closed (4408) after SUBSCRIPTION_CONNECT_TIMEOUT', async () => {
    const started = Date.now();
    const raw = new WebSocket(platform.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const closed = await new Promise<{ code: number; reason: string }>((resolve) =>
      raw.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    const elapsed = Date.now() - started;
    assert.deepEqual(closed, { code: 4408, reason: 'Connection initialisation timeout' });
    assert.ok(elapsed >= CONNECT_TIMEOUT_MS - 100 && elapsed < CONNECT_TIMEOUT_MS + 1_500, `${elapsed} ms`);
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

  test('a typo gets no "Did you mean" over the socket', async () => {
    const customer = await signUpCustomer(platform);
    const socket = open(bearer(customer));
    await socket.connected;
    const typo = socket.subscribe('subscription { orderStatusChanged { id statu } }');
    await until(() => typo.errors.length > 0, 'the error');
    const [errors] = typo.errors as { message: string }[][];
    assert.match(errors?.[0]?.message ?? '', /Cannot query field "statu"/);
    assert.doesNotMatch(JSON.stringify(typo.errors), /Did you mean/);
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

  test('a change is resolved once per order, however many subscriptions wait for it', {
    skip: ordersExist ? false : 'the orders subgraph does not exist yet',
  }, async () => {
    const admin = await loginAdmin(platform);
    const created = await platform.graphql(
      'mutation Create($input: CreateProductInput!) { createProduct(input: $input) { id } }',
      {
        input: {
          name: `Shared payload ${unique('p')}`,
          price: 10_000,
          stock: 10,
          purchaseLimit: 5,
          saleStartsAt: new Date(Date.now() - 60_000).toISOString(),
        },
      },
      { token: admin.accessToken },
    );
    const productId = dataOf<{ id: string }>(created, 'createProduct').id;
    const buyer = await signUpCustomer(platform);
    const placed = await platform.graphql(
      'mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }',
      { input: { items: [{ productId, quantity: 1 }], idempotencyKey: unique('order') } },
      { token: buyer.accessToken },
    );
    const order = dataOf<{ id: string }>(placed, 'placeOrder');

    // Two tabs: each with a subscription for every order and one for this order.
    const tabs = [open(bearer(buyer)), open(bearer(buyer))];
    await Promise.all(tabs.map((tab) => tab.connected));
    const subscribers = tabs.flatMap((tab) => [
      tab.subscribe(STATUS_CHANGED),
      tab.subscribe(STATUS_CHANGED, { orderId: order.id }),
    ]);
    await until(() => platform.gateway.feed.size() >= 4, 'four open subscriptions');
    await platform.gateway.events.nextFetch();
    ordersTraffic.length = 0;

    await publishStatusChange(order.id, buyer.userId);
    await until(
      () => subscribers.every((received) => received.results.length > 0),
      'every subscriber’s event',
    );
    // A running orders relay may announce this order's own changes too: each change is resolved once.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const changes = subscribers.map((received) => received.results.length);
    const resolved = ordersTraffic.filter(({ body }) => body.includes('OrderStatusChanged')).length;
    assert.deepEqual(
      { changes, resolved },
      { changes: subscribers.map(() => changes[0]), resolved: changes[0] },
    );
    assert.deepEqual(subscribers[0]?.results[0], subscribers[3]?.results[0]);

    await Promise.all(tabs.map((tab) => tab.dispose()));
    await platform.graphql(
      'mutation C($id: ID!) { cancelOrder(id: $id) { id } }',
      { id: order.id },
      { token: buyer.accessToken },
    );
  });

  describe('caps on what one client holds', () => {
    let capped: GatewayApp;
    const cappedSockets: TestSocket[] = [];
    const openCapped = (session: Session) => {
      const socket = openSocket(capped.url, bearer(session));
      cappedSockets.push(socket);
      return socket;
    };
    const disposeAll = async () => {
      await Promise.all(cappedSockets.splice(0).map((socket) => socket.dispose()));
      await until(() => capped.subscriptions.connections() === 0, 'every socket closed');
    };

    before(async () => {
      capped = await startTestGateway({
        USERS_URL: platform.users.url,
        CATALOG_URL: platform.catalog.url,
        SUBSCRIPTION_MAX_SOCKETS_PER_CLIENT: '3',
        SUBSCRIPTION_MAX_SOCKETS_PER_USER: '2',
        SUBSCRIPTION_MAX_PER_SOCKET: '2',
      });
    });
    after(async () => {
      await disposeAll();
      await capped.stop();
    });

    test('a user’s socket beyond SUBSCRIPTION_MAX_SOCKETS_PER_USER is closed (1013, try again later)', async () => {
      const customer = await signUpCustomer(platform);
      const first = openCapped(customer);
      const second = openCapped(customer);
      await Promise.all([first.connected, second.connected]);
      const third = openCapped(customer);
      assert.deepEqual(await closedWithin(third, 2_000), {
        code: 1013,
        reason: 'Too many connections for this user',
      });
      assert.equal(await closedWithin(first, 200), 'still open');
      await disposeAll();
    });

    test('a socket beyond SUBSCRIPTION_MAX_SOCKETS_PER_CLIENT from one address is closed (1013)', async () => {
      // Every socket of this test comes from 127.0.0.1; three users, so no per-user cap is reached.
      const [one, two, three] = await Promise.all([1, 2, 3].map(() => signUpCustomer(platform)));
      assert.ok(one && two && three);
      const held = [openCapped(one), openCapped(two), openCapped(three)];
      await Promise.all(held.map((socket) => socket.connected));
      const fourth = openCapped(one);
      assert.deepEqual(await closedWithin(fourth, 2_000), {
        code: 1013,
        reason: 'Too many connections from this address',
      });
      await disposeAll();
      // Closed sockets give their slots back.
      const again = openCapped(one);
      await again.connected;
      await disposeAll();
    });

    test('a subscription beyond SUBSCRIPTION_MAX_PER_SOCKET is refused with RATE_LIMITED', async () => {
      const customer = await signUpCustomer(platform);
      const socket = openCapped(customer);
      await socket.connected;
      const kept = [socket.subscribe(STATUS_CHANGED), socket.subscribe(STATUS_CHANGED)];
      const refused = socket.subscribe(STATUS_CHANGED);
      await until(() => refused.errors.length > 0, 'the refusal');
      assert.deepEqual(refused.errors, [
        [
          {
            message: 'At most 2 subscriptions per connection: complete one first',
            extensions: { code: 'RATE_LIMITED', limit: 2 },
          },
        ],
      ]);
      assert.deepEqual(
        kept.map((received) => received.errors),
        [[], []],
      );
      await until(() => capped.feed.size() === 2, 'the two kept subscriptions');
      await disposeAll();
    });
  });
});
