import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createEvent, type OrderStatus, paymentIdFor } from '@fcfs/shared';
import { inArray } from 'drizzle-orm';
import { findItemsByOrderIds } from '../src/db/orders-repository.ts';
import { pendingHoldSteps } from '../src/db/schema/index.ts';
import { OrderChanges } from '../src/domain/order-changes.ts';
import { eventLines, transitionOrder } from '../src/domain/order-state-machine.ts';
import { recordPaymentsSucceeded } from '../src/domain/record-payment.ts';
import { runTimedTransitions } from '../src/domain/timed-transitions.ts';
import type { OrderScheduler } from '../src/scheduler/order-scheduler.ts';
import { eventually, type Orders, startTestOrders } from './orders-harness.ts';

const env = {
  SHIP_AFTER: '1s',
  DELIVER_AFTER: '1s',
  RETURN_AFTER: '1s',
  RETURN_WINDOW: '1d',
  RESERVATION_TTL: '1s',
  SCHEDULER_INTERVAL: '100ms',
  SCHEDULER_LEASE: '1s',
};

/** Two replicas of orders over the same database and Redis. */
let replicaA: Orders;
let replicaB: Orders;
const running: OrderScheduler[] = [];

before(async () => {
  replicaA = await startTestOrders({ env });
  replicaB = await startTestOrders({ env });
});
after(async () => {
  await Promise.all(running.map((scheduler) => scheduler.stop()));
  await replicaA.close();
  await replicaB.close();
});

/** Scheduler replicas, alternating between the two orders replicas; stopped by the caller (or at the end). */
function startSchedulers(leaseKeys: string[]): OrderScheduler[] {
  const schedulers = leaseKeys.map((key, n) => (n % 2 === 0 ? replicaA : replicaB).scheduler(key));
  for (const scheduler of schedulers) {
    scheduler.start();
    running.push(scheduler);
  }
  return schedulers;
}

const stopAll = (schedulers: (OrderScheduler | undefined)[]) =>
  Promise.all(schedulers.map((scheduler) => scheduler?.stop()));

const pay = (orderId: string) =>
  recordPaymentsSucceeded(replicaA.deps, [
    createEvent('payment.succeeded', orderId, {
      orderId,
      paymentId: paymentIdFor(replicaA.deps.paymentIds, orderId),
      amount: 10_000,
    }),
  ]);

const pathOf = async (id: string) =>
  (await replicaA.history(id)).map((change) => `${change.fromStatus ?? '∅'}→${change.toStatus}`);

test('paid orders ship, deliver, and return on time; two replicas under one lease move each once', async () => {
  const product = await replicaA.publishProduct({ available: 30, purchaseLimit: 1 });
  const placed = await Promise.all(Array.from({ length: 10 }, () => replicaA.placeOne(product.productId)));
  for (const { id } of placed) await pay(id);

  const leaseKey = `orders:scheduler:test:${randomUUID()}`;
  const [first, second] = startSchedulers([leaseKey, leaseKey]);
  let overlap = false;
  const watch = setInterval(() => {
    if (first?.holdsLease && second?.holdsLease) overlap = true;
  }, 20);
  try {
    const ids = placed.map((order) => order.id);
    const allIn = (status: string) => async () =>
      (await Promise.all(ids.map((id) => replicaA.order(id)))).every((order) => order?.status === status);
    assert.equal(await eventually(allIn('DELIVERED'), Boolean), true);
    const delivered = await replicaA.order(ids[0] ?? '');
    assert.ok(delivered?.deliveredAt);

    const [returner] = placed;
    assert.ok(returner);
    const RETURN = /* GraphQL */ `mutation($id: ID!) { requestReturn(id: $id, reason: "changed my mind") { status } }`;
    const requested = await replicaB.call(returner.buyer, RETURN, { id: returner.id });
    assert.deepEqual(requested.data, { requestReturn: { status: 'RETURN_REQUESTED' } });
    assert.equal(
      await eventually(
        async () => (await replicaA.order(returner.id))?.status,
        (status) => status === 'RETURNED',
      ),
      'RETURNED',
    );

    assert.deepEqual(await pathOf(returner.id), [
      '∅→PAYMENT_PENDING',
      'PAYMENT_PENDING→PAID',
      'PAID→SHIPPING',
      'SHIPPING→DELIVERED',
      'DELIVERED→RETURN_REQUESTED',
      'RETURN_REQUESTED→RETURNED',
    ]);
    for (const { id } of placed.slice(1)) {
      assert.deepEqual(await pathOf(id), [
        '∅→PAYMENT_PENDING',
        'PAYMENT_PENDING→PAID',
        'PAID→SHIPPING',
        'SHIPPING→DELIVERED',
      ]);
    }
    const returned = await replicaA.events([returner.id], 'order.returned');
    assert.deepEqual(
      returned.map((event) => event.data),
      [
        {
          orderId: returner.id,
          userId: returner.buyer.id,
          items: [{ productId: product.productId, quantity: 1 }],
        },
      ],
    );
    const changes = await replicaA.events(ids, 'order.status-changed');
    assert.equal(changes.length, 10 * 4 + 2);
    assert.equal(overlap, false);
    assert.ok((first?.workedPasses ?? 0) + (second?.workedPasses ?? 0) > 0);
    assert.ok(first?.workedPasses === 0 || second?.workedPasses === 0, 'one replica did all the work');
  } finally {
    clearInterval(watch);
    await stopAll([first, second]);
  }
});

test('without any lease, two racing schedulers still move each order exactly once', async () => {
  const product = await replicaA.publishProduct({ available: 40, purchaseLimit: 1 });
  const placed = await Promise.all(Array.from({ length: 40 }, () => replicaA.placeOne(product.productId)));
  for (const { id } of placed) await pay(id);
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  const durations = { shipAfterMs: 1_000, deliverAfterMs: 60_000, returnAfterMs: 60_000 };
  await Promise.all([
    runTimedTransitions(replicaA.deps, durations, 100),
    runTimedTransitions(replicaB.deps, durations, 100),
    runTimedTransitions(replicaA.deps, durations, 100),
  ]);
  for (const { id } of placed) {
    assert.deepEqual(await pathOf(id), ['∅→PAYMENT_PENDING', 'PAYMENT_PENDING→PAID', 'PAID→SHIPPING']);
  }
});

test('an expired reservation fails the order and gives its units back', async () => {
  const product = await replicaA.publishProduct({ available: 3, purchaseLimit: 3 });
  const { id } = await replicaA.placeOne(product.productId);
  assert.equal((await replicaA.levels(product.productId)).available, 2);
  const schedulers = startSchedulers([`orders:scheduler:test:${randomUUID()}`]);
  try {
    assert.equal(
      await eventually(
        async () => (await replicaA.order(id))?.status,
        (status) => status === 'PAYMENT_FAILED',
      ),
      'PAYMENT_FAILED',
    );
  } finally {
    await stopAll(schedulers);
  }
  assert.deepEqual(await replicaA.levels(product.productId), {
    available: 3,
    reserved: 0,
    holds: 0,
    buyers: {},
  });
  assert.deepEqual(
    (await replicaA.events([id], 'order.payment-failed')).map((event) => event.data.reason),
    ['RESERVATION_EXPIRED'],
  );
  assert.deepEqual(await pathOf(id), ['∅→PAYMENT_PENDING', 'PAYMENT_PENDING→PAYMENT_FAILED']);
});

test('when the lease holder dies, another replica takes over', async () => {
  const leaseKey = `orders:scheduler:test:${randomUUID()}`;
  const [holder, standby] = startSchedulers([leaseKey, leaseKey]);
  try {
    assert.equal(await eventually(async () => holder?.holdsLease || standby?.holdsLease, Boolean), true);
    const [dying, survivor] = holder?.holdsLease ? [holder, standby] : [standby, holder];
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(survivor?.holdsLease, false);
    assert.equal(survivor?.workedPasses, 0);

    // The holder stops without releasing its lease, as a crashed process would; nobody works until it lapses.
    await dying?.stop({ releaseLease: false });
    const product = await replicaA.publishProduct({ available: 2 });
    const { id } = await replicaA.placeOne(product.productId);
    await pay(id);
    assert.equal(await eventually(async () => survivor?.holdsLease, Boolean, 5_000), true);
    assert.equal(
      await eventually(
        async () => (await replicaA.order(id))?.status,
        (status) => status === 'SHIPPING',
      ),
      'SHIPPING',
    );
    // The pass counts itself once it has finished; its transition is visible before that.
    assert.ok(
      (await eventually(
        async () => survivor?.workedPasses ?? 0,
        (passes) => passes > 0,
      )) > 0,
    );
  } finally {
    await stopAll([holder, standby]);
  }
});

test('hold steps left unfinished (a crash right after the commit) are completed by the scheduler', async () => {
  const product = await replicaA.publishProduct({ available: 10, purchaseLimit: 10 });
  const unpaid = await replicaA.placeOne(product.productId, { quantity: 2 });
  const paid = await replicaA.placeOne(product.productId, { quantity: 3 });
  const refunded = await replicaA.placeOne(product.productId, { quantity: 1 });
  await pay(refunded.id);
  // The crash: the transitions commit with their pending rows (a release, a settle, a restore), and the
  // process dies before their Redis steps run.
  const longAgo = new Date(Date.now() - 60_000);
  const crashed: [string, OrderStatus][] = [
    [unpaid.id, 'CANCELLED'],
    [paid.id, 'PAID'],
    [refunded.id, 'CANCELLED'],
  ];
  await replicaA.deps.db.transaction(async (tx) => {
    for (const [id, to] of crashed) {
      const order = await replicaA.order(id);
      assert.ok(order);
      const lines = eventLines(await findItemsByOrderIds(tx, [id]));
      await transitionOrder(tx, new OrderChanges(), { order, lines, to, at: longAgo });
    }
  });
  assert.deepEqual(await replicaA.levels(product.productId), {
    available: 4,
    reserved: 5,
    holds: 2,
    buyers: { [unpaid.buyer.id]: '2', [paid.buyer.id]: '3', [refunded.buyer.id]: '1' },
  });

  const durations = { shipAfterMs: 86_400_000, deliverAfterMs: 86_400_000, returnAfterMs: 86_400_000 };
  const moved = await runTimedTransitions(replicaA.deps, durations, 500);
  assert.ok((moved['finish-hold-steps'] ?? 0) >= 3);
  // The unpaid hold is back, the paid one settled, the refunded unit on the shelf again.
  assert.deepEqual(await replicaA.levels(product.productId), {
    available: 7,
    reserved: 0,
    holds: 0,
    buyers: { [paid.buyer.id]: '3' },
  });
  const left = await replicaA.deps.db
    .select()
    .from(pendingHoldSteps)
    .where(inArray(pendingHoldSteps.orderId, [unpaid.id, paid.id, refunded.id]));
  assert.deepEqual(left, []);
});
