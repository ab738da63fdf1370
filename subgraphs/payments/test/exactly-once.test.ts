import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { payments } from '../src/db/schema/index.ts';
import { openPayment, openPayments } from '../src/domain/open-payment.ts';
import { recordCharge, recordCharges } from '../src/domain/record-charge.ts';
import { paymentsEventHandling } from '../src/events/handlers.ts';
import {
  directDependencies,
  instantProcessor,
  manualProcessor,
  migratePaymentsDatabase,
  orderCancelled,
  orderCreated,
  PaymentsProbe,
  reannounced,
  waitFor,
} from './payments-harness.ts';

// Handlers called directly, as two replicas of the consumer would call them, to force the races Kafka only
// produces now and then.

let probe: PaymentsProbe;
const opened: { close: () => Promise<void> }[] = [];

function replica(processor = instantProcessor().processor) {
  const deps = directDependencies(processor);
  opened.push(deps);
  return { deps, handle: paymentsEventHandling(deps).handlers };
}

before(async () => {
  await migratePaymentsDatabase();
  probe = new PaymentsProbe();
});

after(async () => {
  await Promise.all(opened.map((deps) => deps.close()));
  await probe?.close();
});

test('two replicas racing on duplicated order.created events make one payment and one event', async () => {
  const first = instantProcessor();
  const second = instantProcessor();
  const a = replica(first.processor);
  const b = replica(second.processor);
  const created = orderCreated();
  const again = reannounced(created);
  const onCreated = (r: typeof a, event: typeof created) => r.handle['order.created']?.(event);

  await Promise.all([onCreated(a, created), onCreated(b, created), onCreated(a, again), onCreated(b, again)]);

  const rows = await probe.paymentsOf(created.data.orderId);
  assert.equal(rows.length, 1);
  assert.equal(rows[0]?.status, 'SUCCEEDED');
  assert.deepEqual(
    (await probe.eventsFor(created.data.orderId)).map((event) => event.type),
    ['payment.succeeded'],
  );
  assert.ok(first.calls.charges + second.calls.charges >= 1);
});

test('two replicas racing on duplicated order.cancelled refund once', async () => {
  const a = replica();
  const b = replica();
  const created = orderCreated({ totalPrice: 7_000 });
  await a.handle['order.created']?.(created);
  const cancelled = orderCancelled(created.data.orderId, true);
  const again = reannounced(cancelled);
  const onCancelled = (r: typeof a, event: typeof cancelled) => r.handle['order.cancelled']?.(event);

  await Promise.all([
    onCancelled(a, cancelled),
    onCancelled(b, cancelled),
    onCancelled(a, again),
    onCancelled(b, again),
  ]);

  const payment = await probe.payment(created.data.orderId);
  assert.equal(payment?.status, 'REFUNDED');
  assert.equal((await probe.refundsOf(payment.id)).length, 1);
  assert.deepEqual(
    (await probe.eventsFor(created.data.orderId)).map((event) => event.type),
    ['payment.succeeded', 'payment.refunded'],
  );
});

test('a redelivered order.created finishes a payment that was opened but never charged', async () => {
  const { deps, handle } = replica();
  const created = orderCreated();
  await openPayment(deps, created);
  assert.equal((await probe.payment(created.data.orderId))?.status, 'PENDING');

  await handle['order.created']?.(created);

  assert.equal((await probe.payment(created.data.orderId))?.status, 'SUCCEEDED');
  assert.deepEqual(
    (await probe.eventsFor(created.data.orderId)).map((event) => event.type),
    ['payment.succeeded'],
  );
});

test('a cancel during the charge: the success is recorded, then refunded at once', async () => {
  const manual = manualProcessor({ ok: true });
  const { handle } = replica(manual.processor);
  const created = orderCreated({ totalPrice: 12_000 });
  const charging = handle['order.created']?.(created);
  await waitFor('the charge to start', async () => (manual.calls.charges === 1 ? true : undefined));

  await handle['order.cancelled']?.(orderCancelled(created.data.orderId, false));
  const marked = await probe.payment(created.data.orderId);
  assert.equal(marked?.status, 'PENDING');
  assert.ok(marked.orderCancelledAt);

  manual.settle();
  await charging;
  const payment = await probe.payment(created.data.orderId);
  assert.equal(payment?.status, 'REFUNDED');
  assert.equal(manual.calls.refunds, 1);
  assert.deepEqual(
    (await probe.refundsOf(payment.id)).map(({ amount, reason }) => ({ amount, reason })),
    [{ amount: 12_000, reason: 'ORDER_CANCELLED' }],
  );
  assert.deepEqual(
    (await probe.eventsFor(created.data.orderId)).map((event) => event.type),
    ['payment.succeeded', 'payment.refunded'],
  );
});

test('a cancel during a charge that fails: FAILED, nothing to refund', async () => {
  const manual = manualProcessor({ ok: false, reason: 'Card expired' });
  const { handle } = replica(manual.processor);
  const created = orderCreated();
  const charging = handle['order.created']?.(created);
  await waitFor('the charge to start', async () => (manual.calls.charges === 1 ? true : undefined));
  await handle['order.cancelled']?.(orderCancelled(created.data.orderId, false));

  manual.settle();
  await charging;
  const payment = await probe.payment(created.data.orderId);
  assert.equal(payment?.status, 'FAILED');
  assert.equal(payment.failureReason, 'Card expired');
  assert.equal(manual.calls.refunds, 0);
  assert.deepEqual(await probe.refundsOf(payment.id), []);
});

test('an absurdly long payment method from the buyer cannot make order.created unprocessable', async () => {
  const { handle } = replica();
  const created = orderCreated({ paymentMethod: 'x'.repeat(5_000) });
  await handle['order.created']?.(created);
  const payment = await probe.payment(created.data.orderId);
  assert.equal(payment?.status, 'SUCCEEDED');
  assert.equal(payment.method, 'x'.repeat(64));
});

describe('batched writes', () => {
  test('one batch of opens: new, duplicated and repeated orders each get the one payment of their order', async () => {
    const { deps } = replica();
    const earlier = orderCreated();
    await openPayment(deps, earlier);
    const fresh = orderCreated({ totalPrice: 1_000 });
    const sameOrderTwice = orderCreated({ totalPrice: 2_000 });
    const batch = [fresh, earlier, reannounced(earlier), sameOrderTwice, reannounced(sameOrderTwice), fresh];

    const opened = await openPayments(deps, batch);

    const rows = await Promise.all(batch.map((event) => probe.paymentsOf(event.data.orderId)));
    assert.deepEqual(
      rows.map((payments) => payments.length),
      [1, 1, 1, 1, 1, 1],
    );
    assert.deepEqual(
      opened.map((payment) => (payment instanceof Error ? payment : payment?.id)),
      rows.map(([payment]) => payment?.id),
    );
    assert.equal(rows[3]?.[0]?.amount, 2_000);
    await probe.waitForProcessed(...batch);
  });

  test('a batch racing another writer on the same order falls back to one by one and still opens once', async () => {
    const { deps } = replica();
    const contested = orderCreated();
    const other = orderCreated();
    let commitRival: () => void = () => undefined;
    const rivalMayCommit = new Promise<void>((resolve) => {
      commitRival = resolve;
    });
    const rivalId = crypto.randomUUID();
    const rival = probe.db.transaction(async (tx) => {
      await tx.insert(payments).values({
        id: rivalId,
        orderId: contested.data.orderId,
        userId: contested.data.userId,
        amount: contested.data.totalPrice,
        method: 'card',
        status: 'PENDING',
        createdAt: new Date(),
      });
      await rivalMayCommit;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));

    const opening = openPayments(deps, [contested, other]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    commitRival();
    await rival;
    const [forContested, forOther] = await opening;

    assert.ok(!(forContested instanceof Error) && !(forOther instanceof Error));
    assert.equal(forContested?.id, rivalId);
    assert.equal(forOther?.status, 'PENDING');
    assert.equal((await probe.paymentsOf(contested.data.orderId)).length, 1);
    assert.equal((await probe.paymentsOf(other.data.orderId)).length, 1);
    await probe.waitForProcessed(contested, other);
  });

  test('one batch of charge answers: only the first answer per PENDING payment is recorded and announced', async () => {
    const { deps } = replica();
    const [a, b, c, settled] = await Promise.all(
      [orderCreated(), orderCreated(), orderCreated(), orderCreated()].map(async (event) => {
        const payment = await openPayment(deps, event);
        assert.ok(payment);
        return payment;
      }),
    );
    assert.ok(a && b && c && settled);
    await recordCharge(deps, { payment: settled, result: { status: 'SUCCEEDED', failureReason: null } });

    const answers = [
      { payment: a, result: { status: 'SUCCEEDED', failureReason: null } },
      { payment: b, result: { status: 'FAILED', failureReason: 'Card expired' } },
      { payment: a, result: { status: 'FAILED', failureReason: 'Too late' } },
      { payment: c, result: { status: 'FAILED', failureReason: 'Insufficient funds' } },
      { payment: settled, result: { status: 'FAILED', failureReason: 'Too late' } },
    ] as const;
    const recorded = await recordCharges(deps, answers);

    assert.deepEqual(
      recorded.map((payment) => (payment instanceof Error ? payment : payment?.status)),
      ['SUCCEEDED', 'FAILED', undefined, 'FAILED', undefined],
    );
    const after = await Promise.all([a, b, c, settled].map((payment) => probe.payment(payment.orderId)));
    assert.deepEqual(
      after.map((payment) => [payment?.status, payment?.failureReason]),
      [
        ['SUCCEEDED', null],
        ['FAILED', 'Card expired'],
        ['FAILED', 'Insufficient funds'],
        ['SUCCEEDED', null],
      ],
    );
    const events = await Promise.all([a, b, c, settled].map((payment) => probe.eventsFor(payment.orderId)));
    assert.deepEqual(
      events.map((list) => list.map((event) => event.type)),
      [['payment.succeeded'], ['payment.failed'], ['payment.failed'], ['payment.succeeded']],
    );
  });
});
