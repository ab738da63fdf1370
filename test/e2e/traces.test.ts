import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createProduct, dataOf, eventually, loginAdmin, signUpBuyer } from '../support/buyers.ts';
import { OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver.ts';
import { Platform, SERVICES, type Service } from '../support/platform.ts';

// One purchase through the real processes, each exporting OTLP/HTTP to a receiver this test runs: the spans of
// every service it touched share one trace, across both Kafka hops.
let receiver: OtlpReceiver;
let platform: Platform;

const PLACE_ORDER = /* GraphQL */ `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`;
const ORDER = /* GraphQL */ `query($id: ID!) { order(id: $id) { status } }`;

before(async () => {
  receiver = await OtlpReceiver.start();
  const tracing = {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_BSP_SCHEDULE_DELAY: '100',
  };
  platform = await Platform.start(
    Object.fromEntries(SERVICES.map((service) => [service, tracing])) as Record<Service, typeof tracing>,
  );
});

after(async () => {
  await platform?.close();
  await receiver?.close();
});

/** The client starts the trace, so the test knows its id before any service has exported a span. */
async function placeOrderInTrace(token: string, productId: string, traceId: string): Promise<string> {
  const response = await fetch(platform.gatewayUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
    },
    body: JSON.stringify({
      query: PLACE_ORDER,
      variables: { input: { items: [{ productId, quantity: 1 }], idempotencyKey: randomUUID() } },
    }),
  });
  const body = (await response.json()) as { data?: { placeOrder: { id: string } }; errors?: unknown };
  assert.ok(body.data, `placeOrder failed: ${JSON.stringify(body.errors)}`);
  return body.data.placeOrder.id;
}

const consumed = (spans: ReceivedSpan[], service: Service, topic: string) =>
  spans.find((span) => span.service === service && span.name === `process ${topic}`);

test('one placeOrder is one trace: gateway → orders → Kafka → payments → Kafka → orders → catalog', async () => {
  const admin = await loginAdmin(platform);
  const productId = await createProduct(platform, admin, { name: `traced ${randomUUID()}`, stock: 5 });
  const buyer = await signUpBuyer(platform);
  const traceId = randomBytes(16).toString('hex');

  const orderId = await placeOrderInTrace(buyer.accessToken, productId, traceId);
  const status = await eventually(
    async () =>
      dataOf(await platform.graphql<{ order: { status: string } }>(ORDER, { id: orderId }, buyer.accessToken))
        .order.status,
    (current) => current !== 'PAYMENT_PENDING',
  );
  assert.equal(status === 'PAID' || status === 'SHIPPING', true, `the order ended ${status}`);

  const spans = await eventually(
    async () => receiver.trace(traceId),
    (found) =>
      consumed(found, 'payments', 'order.created') !== undefined &&
      consumed(found, 'orders', 'payment.succeeded') !== undefined &&
      consumed(found, 'catalog', 'order.paid') !== undefined,
    20_000,
  );
  const services = new Set(spans.map((span) => span.service));
  for (const service of ['gateway', 'orders', 'payments', 'catalog'] as const) {
    assert.ok(services.has(service), `no ${service} span in the trace; it has ${[...services].join(', ')}`);
  }
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  const parentOf = (span: ReceivedSpan) => byId.get(span.parentSpanId);

  // The HTTP hop: an orders span whose parent is the gateway's.
  assert.ok(
    spans.some((span) => span.service === 'orders' && parentOf(span)?.service === 'gateway'),
    'no orders span is a child of a gateway span',
  );
  // Each Kafka hop continues the span of the service that wrote the event.
  for (const [service, topic, writer] of [
    ['payments', 'order.created', 'orders'],
    ['orders', 'payment.succeeded', 'payments'],
    ['catalog', 'order.paid', 'orders'],
  ] as const) {
    const span = consumed(spans, service, topic) as ReceivedSpan;
    assert.equal(parentOf(span)?.service, writer, `${service}'s ${topic} span does not continue ${writer}'s`);
  }
  // The handler's own work runs inside its consumer span: catalog's stock update is a child of it.
  const catalogSpan = consumed(spans, 'catalog', 'order.paid') as ReceivedSpan;
  assert.ok(
    spans.some((span) => span.parentSpanId === catalogSpan.spanId),
    'nothing catalog did for order.paid is in its consumer span',
  );
});
