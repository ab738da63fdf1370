import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { type Buyer, createProduct, dataOf, eventually, loginAdmin, signUpBuyer } from '../support/buyers.ts';
import { Platform, SERVICES, type Service } from '../support/platform.ts';
import { type Exposition, familyOf, parseExposition, seriesInQuery, total } from '../support/prometheus.ts';
import { watchOrderStatus } from '../support/subscription.ts';

// After one buyer's journey through the real processes, every service's /metrics tells an operator what happened.
let platform: Platform;
let productId: string;
let orderId: string;
let buyerToken: string;
let openSockets: number;
const scraped = new Map<Service, Exposition>();

const PLACE_ORDER = /* GraphQL */ `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`;
const ORDER = /* GraphQL */ `query($id: ID!) { order(id: $id) { status } }`;

const endpointOf = (service: Service, path: string) => platform.urlOf(service).replace(/graphql$/, path);

async function scrape(service: Service): Promise<Exposition> {
  const response = await fetch(endpointOf(service, 'metrics'));
  assert.equal(response.status, 200, `${service} /metrics answered ${response.status}`);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return parseExposition(await response.text());
}

const placeOrder = (buyer: Buyer) =>
  platform.graphql<{ placeOrder: { id: string } }>(
    PLACE_ORDER,
    { input: { items: [{ productId, quantity: 1 }], idempotencyKey: randomUUID() } },
    buyer.accessToken,
  );

before(async () => {
  platform = await Platform.start();
  const adminToken = await loginAdmin(platform);
  productId = await createProduct(platform, adminToken, { name: `metrics ${randomUUID()}`, stock: 3 });
  const buyer = await signUpBuyer(platform);
  buyerToken = buyer.accessToken;
  const watch = watchOrderStatus(platform.gatewayUrl, buyer.accessToken, 'id status');
  await watch.subscribed;

  orderId = dataOf(await placeOrder(buyer)).placeOrder.id;
  const refused = await placeOrder(buyer);
  assert.equal(refused.errors?.[0]?.extensions?.code, 'PURCHASE_LIMIT_EXCEEDED');
  // Paid, then shipped by the scheduler (SHIP_AFTER is 2 s in the test platform).
  await eventually(
    async () =>
      dataOf(await platform.graphql<{ order: { status: string } }>(ORDER, { id: orderId }, buyer.accessToken))
        .order.status,
    (status) => status === 'SHIPPING',
    30_000,
  );
  for (const service of SERVICES) scraped.set(service, await scrape(service));
  openSockets = total(scraped.get('gateway') as Exposition, 'fcfs_gateway_subscription_sockets');
  await watch.close();
});
after(() => platform?.close());

const metricsOf = (service: Service): Exposition => {
  const exposition = scraped.get(service);
  assert.ok(exposition, `${service} was not scraped`);
  return exposition;
};

const assertCounted = (service: Service, name: string, labels: Record<string, string> = {}) =>
  assert.ok(
    total(metricsOf(service), name, labels) > 0,
    `${service}: ${name}${JSON.stringify(labels)} should be above 0`,
  );

const assertDeclared = (service: Service, name: string, type: string) =>
  assert.equal(metricsOf(service).types.get(name), type, `${service} should declare ${name} as a ${type}`);

describe('/metrics after a journey', () => {
  test('every service answers Prometheus text with its name on every series and the Node process metrics', () => {
    for (const service of SERVICES) {
      const { samples, types } = metricsOf(service);
      assert.ok(samples.length > 50, `${service} exports only ${samples.length} samples`);
      for (const name of [
        'process_cpu_seconds_total',
        'process_resident_memory_bytes',
        'nodejs_eventloop_lag_seconds',
      ])
        assert.ok(types.has(name), `${service} lacks ${name}`);
      const unlabelled = samples.filter((sample) => sample.labels.service !== service);
      assert.deepEqual(unlabelled, [], `${service} has samples without service="${service}"`);
    }
  });

  test('no label carries a user or order id', () => {
    for (const service of SERVICES) {
      for (const sample of metricsOf(service).samples) {
        for (const value of Object.values(sample.labels)) assert.notEqual(value, orderId);
        assert.ok(!Object.keys(sample.labels).some((label) => /user|order_id|email/i.test(label)));
      }
    }
  });

  test('orders: outcomes by code, reservation latency by strategy, group commit, scheduler, consumer, outbox', () => {
    assertCounted('orders', 'fcfs_order_attempts_total', { operation: 'placeOrder', code: 'OK' });
    assertCounted('orders', 'fcfs_order_attempts_total', {
      operation: 'placeOrder',
      code: 'PURCHASE_LIMIT_EXCEEDED',
    });
    assertCounted('orders', 'fcfs_reservation_duration_seconds_count', { result: 'ok' });
    assertCounted('orders', 'fcfs_reservation_duration_seconds_count', { result: 'PURCHASE_LIMIT_EXCEEDED' });
    const strategies = new Set(
      metricsOf('orders')
        .samples.filter((sample) => sample.name === 'fcfs_reservation_duration_seconds_count')
        .map((sample) => sample.labels.strategy),
    );
    assert.deepEqual([...strategies], ['lua']);
    assertCounted('orders', 'fcfs_order_batch_size_count');
    assertCounted('orders', 'fcfs_scheduler_transitions_total', { step: 'ship' });
    assert.equal(total(metricsOf('orders'), 'fcfs_scheduler_lease_held'), 1);
    assertCounted('orders', 'fcfs_events_handled_total', { topic: 'payment.succeeded', outcome: 'ok' });
    assertCounted('orders', 'fcfs_event_age_seconds_count', { topic: 'payment.succeeded' });
    assertDeclared('orders', 'fcfs_events_rejected_total', 'counter');
    assert.ok(
      metricsOf('orders').samples.some(
        (sample) => sample.name === 'fcfs_consumer_lag' && sample.labels.topic === 'payment.succeeded',
      ),
      'orders reports its lag on payment.succeeded',
    );
  });

  test('payments: outcomes, the order.created consumer and how old its events were', () => {
    assertCounted('payments', 'fcfs_payments_total', { outcome: 'succeeded' });
    assertCounted('payments', 'fcfs_events_handled_total', { topic: 'order.created', outcome: 'ok' });
    assertCounted('payments', 'fcfs_event_age_seconds_count', { topic: 'order.created' });
    assertDeclared('payments', 'fcfs_consumer_lag', 'gauge');
  });

  test('catalog: stock left for the product on sale, and the order.paid consumer', () => {
    const left = metricsOf('catalog').samples.find(
      (sample) => sample.name === 'fcfs_stock_available' && sample.labels.product_id === productId,
    );
    assert.equal(left?.value, 2);
    assertCounted('catalog', 'fcfs_events_handled_total', { topic: 'order.paid', outcome: 'ok' });
  });

  test('the outbox of every service with one reports its backlog and the age of its oldest row', () => {
    for (const service of ['orders', 'payments', 'catalog'] as const) {
      assertDeclared(service, 'fcfs_outbox_backlog', 'gauge');
      const age = total(metricsOf(service), 'fcfs_outbox_oldest_unpublished_age_seconds');
      assert.ok(age >= 0 && age < 3600, `${service}: oldest unpublished row is ${age} s old`);
    }
  });

  test('gateway: request duration by operation and result, subgraph fetches, subscription sockets', () => {
    assertCounted('gateway', 'fcfs_gateway_request_duration_seconds_count', {
      operation: 'placeOrder',
      result: 'ok',
    });
    assertCounted('gateway', 'fcfs_gateway_request_duration_seconds_count', {
      operation: 'placeOrder',
      result: 'PURCHASE_LIMIT_EXCEEDED',
    });
    assertCounted('gateway', 'fcfs_gateway_subgraph_fetch_duration_seconds_count', {
      subgraph: 'orders',
      status: '200',
    });
    assert.ok(openSockets >= 1, `the open subscription socket was not counted (${openSockets})`);
  });

  test('every query of the Grafana dashboard names a series some service exports', () => {
    const dashboard = JSON.parse(
      readFileSync(new URL('../../observability/grafana/dashboards/fcfs.json', import.meta.url), 'utf8'),
    ) as { panels: { title: string; targets?: { expr: string }[] }[] };
    const exported = new Set(
      SERVICES.flatMap((service) => {
        const { samples, types } = metricsOf(service);
        return [
          ...types.keys(),
          ...samples.map((sample) => familyOf(sample.name, types)),
          ...samples.map((s) => s.name),
        ];
      }),
    );
    for (const panel of dashboard.panels) {
      for (const { expr } of panel.targets ?? []) {
        for (const series of seriesInQuery(expr))
          assert.ok(
            exported.has(series),
            `panel "${panel.title}" queries ${series}, which no service exports`,
          );
      }
    }
  });
});

describe('/ready names every dependency', () => {
  test('subgraphs with Kafka report the producer and their consumer group, and all are up', async () => {
    const expected: Record<Exclude<Service, 'gateway'>, string[]> = {
      users: ['kafkaConsumer', 'kafkaProducer', 'mysql', 'redis'],
      catalog: ['kafkaConsumer', 'kafkaProducer', 'mysql', 'redis'],
      orders: ['kafkaConsumer', 'kafkaProducer', 'mysql', 'redis'],
      payments: ['kafkaConsumer', 'kafkaProducer', 'mysql'],
    };
    for (const [service, checks] of Object.entries(expected) as [Exclude<Service, 'gateway'>, string[]][]) {
      const response = await fetch(endpointOf(service, 'ready'));
      const body = (await response.json()) as { status: string; checks: Record<string, string> };
      assert.equal(response.status, 200, `${service}: ${JSON.stringify(body)}`);
      assert.deepEqual(Object.keys(body.checks).sort(), checks);
      assert.ok(Object.values(body.checks).every((state) => state === 'up'));
    }
  });
});

describe('a subgraph down', () => {
  test('the buyer is told TEMPORARILY_UNAVAILABLE and the gateway counts the operation under that code', async () => {
    await platform.stopService('payments');
    const answer = await platform.graphql(
      /* GraphQL */ `query($id: ID!) { order(id: $id) { status payment { status } } }`,
      { id: orderId },
      buyerToken,
    );
    assert.equal(answer.errors?.[0]?.extensions?.code, 'TEMPORARILY_UNAVAILABLE');
    const gateway = await scrape('gateway');
    assert.ok(
      total(gateway, 'fcfs_gateway_request_duration_seconds_count', { result: 'TEMPORARILY_UNAVAILABLE' }) >
        0,
    );
    assert.ok(
      total(gateway, 'fcfs_gateway_subgraph_fetch_duration_seconds_count', {
        subgraph: 'payments',
        status: 'error',
      }) > 0,
    );
  });
});
