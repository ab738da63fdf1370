import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createDatabase } from '@fcfs/shared';
import { requireTestEnv } from '@fcfs/shared/testing';
import { type SQL, sql } from 'drizzle-orm';
import { type Buyer, createProduct, eventually, loginAdmin, signUpBuyer } from '../support/buyers.ts';
import { membersOf } from '../support/consumer-groups.ts';
import { Platform, type Replica } from '../support/platform.ts';
import { watchOrderStatus } from '../support/subscription.ts';
import { violationsOf } from '../support/violations.ts';

// The platform's claim to scale out: two replicas each of gateway, orders and payments, in the same Kafka
// groups and on the same databases. Buyers alternate between the gateways; gateway n sends its orders to
// orders replica n; both payments replicas share the order events.
const BUYERS = 60;
const UNITS = 30;
const SCALED = ['orders', 'payments', 'gateway'] as const;
const LIFECYCLE = ['PAYMENT_PENDING', 'PAID', 'SHIPPING', 'DELIVERED'];

let platform: Platform;
before(async () => {
  // Every order is shipped and delivered within seconds, so the scheduler's moves are part of the test.
  platform = await Platform.start({ orders: { SHIP_AFTER: '1s', DELIVER_AFTER: '1s' } });
  for (const service of SCALED) await platform.startService(service, {}, 2);
});
after(() => platform?.close());

const gatewayOf = (index: number): Replica => (index % 2 === 0 ? 1 : 2);

const placeOrder = (buyer: Buyer, productId: string, gateway: Replica) =>
  platform.graphql<{ placeOrder: { id: string } }>(
    /* GraphQL */ `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`,
    { input: { items: [{ productId, quantity: 1 }], idempotencyKey: randomUUID() } },
    buyer.accessToken,
    gateway,
  );

async function rowsOf<Row>(databaseUrl: string, query: SQL): Promise<Row[]> {
  const database = createDatabase(databaseUrl, {}, { connectionLimit: 1 });
  try {
    return ((await database.db.execute(query)) as unknown as [Row[]])[0];
  } finally {
    await database.close();
  }
}

test(`two replicas of gateway, orders and payments sell ${UNITS} units to ${BUYERS} buyers: each order once, everywhere`, async () => {
  assert.equal(await membersOf('orders'), 2, 'both orders replicas consume');
  assert.equal(await membersOf('payments'), 2, 'both payments replicas consume');

  const adminToken = await loginAdmin(platform);
  const productId = await createProduct(platform, adminToken, {
    name: `replicas ${randomUUID()}`,
    stock: UNITS,
  });
  const buyers: Buyer[] = [];
  for (let batch = 0; batch < BUYERS; batch += 20) {
    buyers.push(...(await Promise.all(Array.from({ length: 20 }, () => signUpBuyer(platform)))));
  }
  // Which gateway wins the sale's race is chance, so each one first sells a unit of its own, through its
  // own orders replica: both replicas write orders.
  const warmUp = await createProduct(platform, adminToken, { name: `warm-up ${randomUUID()}`, stock: 2 });
  for (const gateway of [1, 2] as const) {
    const result = await placeOrder(buyers[gateway - 1] as Buyer, warmUp, gateway);
    assert.ok(result.data?.placeOrder?.id, `gateway ${gateway} took an order: ${JSON.stringify(result)}`);
  }
  // Each buyer watches their orders on both gateways, whichever one they buy through.
  const watches = buyers.map((buyer) =>
    ([1, 2] as const).map((gateway) =>
      watchOrderStatus(platform.urlOf('gateway', gateway), buyer.accessToken, 'id status'),
    ),
  );
  try {
    await Promise.all(watches.flat().map((watch) => watch.subscribed));
    await new Promise((resolve) => setTimeout(resolve, 500));

    const attempts = await Promise.all(
      buyers.map((buyer, index) => placeOrder(buyer, productId, gatewayOf(index))),
    );
    const sold = attempts.flatMap((attempt, index) => {
      const orderId = attempt.data?.placeOrder?.id;
      return orderId ? [{ orderId, buyerIndex: index }] : [];
    });
    const refusals = attempts.flatMap(
      (attempt) => attempt.errors?.map((error) => error.extensions?.code) ?? [],
    );
    assert.equal(sold.length, UNITS, '0 oversold, nothing unsold');
    assert.deepEqual(
      refusals,
      Array.from({ length: BUYERS - UNITS }, () => 'OUT_OF_STOCK'),
    );
    const orderIds = sold.map(({ orderId }) => orderId);

    // The scheduler, whichever replica holds its lease, moves each order through its lifecycle once.
    const history = await eventually(
      () =>
        rowsOf<{ orderId: string; toStatus: string; moves: number }>(
          requireTestEnv('ORDERS_DATABASE_URL'),
          sql`SELECT order_id AS orderId, to_status AS toStatus, COUNT(*) AS moves FROM order_status_history
              WHERE order_id IN (${sql.join(
                orderIds.map((id) => sql`${id}`),
                sql`, `,
              )}) GROUP BY order_id, to_status`,
        ),
      (rows) => rows.filter((row) => row.toStatus === 'DELIVERED').length === UNITS,
      60_000,
      500,
    );
    assert.deepEqual(
      history.filter((row) => Number(row.moves) !== 1),
      [],
      'no transition of any order was made twice',
    );

    // Each order charged once: one payment, succeeded, for the order's amount.
    const payments = await rowsOf<{ orderId: string; status: string }>(
      requireTestEnv('PAYMENTS_DATABASE_URL'),
      sql`SELECT order_id AS orderId, status FROM payments WHERE order_id IN (${sql.join(
        orderIds.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
    assert.equal(payments.length, UNITS);
    assert.ok(payments.every((payment) => payment.status === 'SUCCEEDED'));

    // Both gateways' subscribers saw every change of every order, each once, in order.
    for (const { orderId, buyerIndex } of sold) {
      for (const [gateway, watch] of (watches[buyerIndex] ?? []).entries()) {
        const seen = await eventually(
          async () => watch.events.filter((event) => event.id === orderId).map((event) => event.status),
          (statuses) => statuses.includes('DELIVERED'),
          10_000,
          200,
        );
        assert.deepEqual(seen, LIFECYCLE, `order ${orderId} as seen on gateway ${gateway + 1}`);
      }
    }

    assert.deepEqual(await violationsOf(productId), []);
  } finally {
    await Promise.all(watches.flat().map((watch) => watch.close()));
  }
});
