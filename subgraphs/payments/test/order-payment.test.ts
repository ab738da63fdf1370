import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type RunningServer, serveGraphQL, subgraphSigningKey, type Viewer } from '@fcfs/shared';
import { callSubgraph, requireTestEnv } from '@fcfs/shared/testing';
import { createContextFactory } from '../src/context.ts';
import type { PaymentRow } from '../src/db/schema/index.ts';
import { paymentsEventHandling } from '../src/events/handlers.ts';
import { createSimulatedProcessor } from '../src/processor/simulated-processor.ts';
import { createPaymentsServer } from '../src/server.ts';
import {
  directDependencies,
  migratePaymentsDatabase,
  orderCreated,
  PaymentsProbe,
  testLogger,
} from './payments-harness.ts';

const buyer: Viewer = { id: `buyer-${crypto.randomUUID()}`, role: 'CUSTOMER' };
const stranger: Viewer = { id: `stranger-${crypto.randomUUID()}`, role: 'CUSTOMER' };
const admin: Viewer = { id: 'admin-1', role: 'ADMIN' };

const ORDER_PAYMENTS = /* GraphQL */ `
  query OrderPayments($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Order {
        id
        payment { id amount status method failureReason createdAt completedAt refundedAt }
      }
    }
  }
`;

let deps: ReturnType<typeof directDependencies>;
let server: RunningServer;
let probe: PaymentsProbe;
const queries: string[] = [];
let paid: PaymentRow;
let declined: PaymentRow;
const unknownOrderId = `order-${crypto.randomUUID()}`;

const asGraphQL = (payment: PaymentRow) => ({
  id: payment.id,
  amount: payment.amount,
  status: payment.status,
  method: payment.method,
  failureReason: payment.failureReason,
  createdAt: payment.createdAt.toISOString(),
  completedAt: payment.completedAt?.toISOString() ?? null,
  refundedAt: payment.refundedAt?.toISOString() ?? null,
});

const orderPayments = (viewer: Viewer | null, orderIds: string[]) =>
  callSubgraph<{ _entities: { id: string; payment: ReturnType<typeof asGraphQL> | null }[] }>(
    server.url,
    subgraphSigningKey(requireTestEnv('GATEWAY_SIGNING_SECRET'), 'payments'),
    viewer,
    {
      query: ORDER_PAYMENTS,
      variables: { representations: orderIds.map((id) => ({ __typename: 'Order', id })) },
    },
  );

before(async () => {
  await migratePaymentsDatabase();
  probe = new PaymentsProbe();
  deps = directDependencies(createSimulatedProcessor({ failureRate: 0, latencyMs: 0 }), {
    onQuery: (sql) => queries.push(sql),
  });
  const handle = paymentsEventHandling(deps).handlers;
  const paidOrder = orderCreated({ userId: buyer.id, totalPrice: 31_000, paymentMethod: 'card' });
  const declinedOrder = orderCreated({ userId: buyer.id, totalPrice: 9_000, paymentMethod: 'decline' });
  await handle['order.created']?.(paidOrder);
  await handle['order.created']?.(declinedOrder);
  const [paidRow, declinedRow] = await Promise.all([
    probe.payment(paidOrder.data.orderId),
    probe.payment(declinedOrder.data.orderId),
  ]);
  assert.ok(paidRow && declinedRow);
  paid = paidRow;
  declined = declinedRow;
  const logger = testLogger('payments-graphql-test');
  server = await serveGraphQL({
    apollo: createPaymentsServer(logger),
    context: createContextFactory(deps, requireTestEnv('GATEWAY_SIGNING_SECRET')),
    port: 0,
    host: '127.0.0.1',
    logger,
  });
});

after(async () => {
  await server?.close();
  await deps?.close();
  await probe?.close();
});

describe('Order.payment', () => {
  test('the buyer sees the payments of their orders, N orders in one SQL query', async () => {
    queries.length = 0;
    const result = await orderPayments(buyer, [paid.orderId, declined.orderId, unknownOrderId]);
    assert.deepEqual(result, {
      status: 200,
      data: {
        _entities: [
          { id: paid.orderId, payment: asGraphQL(paid) },
          { id: declined.orderId, payment: asGraphQL(declined) },
          { id: unknownOrderId, payment: null },
        ],
      },
    });
    assert.equal(result.data?._entities[0]?.payment?.status, 'SUCCEEDED');
    assert.equal(result.data?._entities[1]?.payment?.failureReason, 'Payment method declined');
    assert.equal(queries.filter((sql) => /from `payments`/i.test(sql)).length, 1, queries.join('\n'));
  });

  test('another customer gets null, an admin gets the payment, an anonymous caller gets null', async () => {
    const orderIds = [paid.orderId, declined.orderId];
    assert.deepEqual((await orderPayments(stranger, orderIds)).data?._entities, [
      { id: paid.orderId, payment: null },
      { id: declined.orderId, payment: null },
    ]);
    assert.deepEqual((await orderPayments(admin, orderIds)).data?._entities, [
      { id: paid.orderId, payment: asGraphQL(paid) },
      { id: declined.orderId, payment: asGraphQL(declined) },
    ]);
    assert.deepEqual((await orderPayments(null, orderIds)).data?._entities, [
      { id: paid.orderId, payment: null },
      { id: declined.orderId, payment: null },
    ]);
  });

  test('a request without the gateway signature gets nothing', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-fcfs-user-id': buyer.id,
        'x-fcfs-user-role': 'ADMIN',
      },
      body: JSON.stringify({
        query: ORDER_PAYMENTS,
        variables: { representations: [{ __typename: 'Order', id: paid.orderId }] },
      }),
    });
    const body = (await response.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
    assert.equal(response.status, 401);
    assert.equal(body.data, undefined);
    assert.deepEqual(
      body.errors.map((error) => error.extensions.code),
      ['UNAUTHENTICATED'],
    );
  });
});
