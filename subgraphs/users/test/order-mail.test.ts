import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import {
  createEvent,
  createKafka,
  createKafkaPublisher,
  type EventPublisher,
  ensureTopics,
  type OrderStatus,
  runConsumer,
} from '@fcfs/shared';
import { eventually, mailsTo } from '@fcfs/shared/testing';
import { inArray } from 'drizzle-orm';
import { orderMails, orderSummaries } from '../src/db/schema/index.ts';
import { OrderMailSender } from '../src/domain/order-mail/order-mail-sender.ts';
import { usersEventHandling } from '../src/events/handlers.ts';
import { createSmtpMailer } from '../src/mail/mailer.ts';
import { signUpUser } from './operations.ts';
import { startTestUsers, type Users } from './users-harness.ts';

let users: Users;
let consumer: Awaited<ReturnType<typeof runConsumer>>;
let publisher: EventPublisher;
let sender: OrderMailSender;
const orderIds: string[] = [];

before(async () => {
  users = await startTestUsers();
  // Unsent mails other runs left in the shared test database would queue ahead of this run's and, with the
  // backoff under test, keep a sender busy for minutes: nothing runs beside this test (the test lock).
  await users.pool.query('DELETE FROM order_mails WHERE sent_at IS NULL');
  const kafka = createKafka(users.config.KAFKA_BROKERS, 'users-test', users.deps.logger);
  await ensureTopics(kafka);
  consumer = await runConsumer({
    kafka,
    groupId: `users-test-${randomUUID()}`,
    ...usersEventHandling(users.deps),
    logger: users.deps.logger,
    fromBeginning: false,
  });
  publisher = await createKafkaPublisher(kafka);
  sender = new OrderMailSender(users.deps, { baseDelayMs: 300, idleDelayMs: 100 });
});
after(async () => {
  await sender.stop();
  await publisher.close();
  await consumer.disconnect();
  await users.deps.db.delete(orderMails).where(inArray(orderMails.orderId, orderIds));
  await users.deps.db.delete(orderSummaries).where(inArray(orderSummaries.orderId, orderIds));
  await users.close();
});

type CaughtMail = Awaited<ReturnType<typeof mailsTo>>[number] & { html?: string };

/** The order mails to `email` (its sign-up code mail left out), oldest first. */
const orderMailsTo = async (email: string) =>
  ((await mailsTo(email)) as CaughtMail[]).filter((mail) => mail.subject.includes('(order '));

const ITEMS = [
  { productId: '101', quantity: 2, unitPrice: 15_000 },
  { productId: '202', quantity: 1, unitPrice: 7_500 },
];

function order(userId: string) {
  const orderId = randomUUID();
  orderIds.push(orderId);
  const created = createEvent('order.created', orderId, {
    orderId,
    userId,
    items: ITEMS,
    totalPrice: 37_500,
    paymentMethod: null,
  });
  const step = (from: OrderStatus | null, to: OrderStatus) =>
    createEvent('order.status-changed', orderId, {
      orderId,
      userId,
      from,
      to,
      changedAt: new Date().toISOString(),
    });
  return { orderId, created, step };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 1_500));

async function mailRows(orderId: string) {
  const [rows] = await users.pool.query(
    'SELECT kind, attempts, next_attempt_at AS nextAttemptAt, sent_at AS sentAt FROM order_mails WHERE order_id = ? ORDER BY created_at',
    [orderId],
  );
  return rows as { kind: string; attempts: number; nextAttemptAt: Date; sentAt: Date | null }[];
}

test('the buyer gets one mail per mailed step, text and HTML with order id, lines and total, however often an event is delivered', async () => {
  const account = await signUpUser(users);
  const email = account.profile.email;
  const { orderId, created, step } = order(account.user.id);
  sender.start();

  const paid = step('PAYMENT_PENDING', 'PAID');
  await publisher.publish([created, step(null, 'PAYMENT_PENDING'), paid, paid]);
  await publisher.publish([paid]);
  const first = await eventually(
    () => orderMailsTo(email),
    (mails) => mails.length >= 1,
  );
  await settle();
  const mails = await orderMailsTo(email);
  assert.equal(mails.length, 1, `one mail for PAID, not ${first.length}`);
  const [mail] = mails;
  assert.ok(mail);
  assert.equal(mail.subject, `Payment received (order ${orderId})`);
  for (const part of [
    orderId,
    'Product 101: 2 × 15,000 KRW = 30,000 KRW',
    'Product 202: 1 × 7,500 KRW',
    'Total: 37,500 KRW',
  ]) {
    assert.ok(mail.text.includes(part), `text has ${part}: ${mail.text}`);
  }
  assert.ok(mail.html?.includes(`<h2>Order ${orderId}</h2>`), mail.html);
  assert.ok(mail.html?.includes('<td>37,500 KRW</td>'), mail.html);

  // Shipping is mailed; delivery and a return request are not; the completed return is a refund mail.
  await publisher.publish([
    step('PAID', 'SHIPPING'),
    step('SHIPPING', 'DELIVERED'),
    step('DELIVERED', 'RETURN_REQUESTED'),
    step('RETURN_REQUESTED', 'RETURNED'),
  ]);
  const subjects = await eventually(
    async () => (await orderMailsTo(email)).map((caught) => caught.subject),
    (list) => list.length >= 3,
  );
  await settle();
  assert.deepEqual(
    (await orderMailsTo(email)).map((caught) => caught.subject),
    [
      `Payment received (order ${orderId})`,
      `Your order is on its way (order ${orderId})`,
      `Your refund is on its way (order ${orderId})`,
    ],
    `got ${subjects.join(', ')}`,
  );
});

test('a mail outage postpones the mails with growing delays, blocks no event, and loses none', async () => {
  await sender.stop();
  const outage = new OrderMailSender(
    { ...users.deps, mailer: createSmtpMailer('smtp://127.0.0.1:1', users.config.MAIL_FROM) },
    { baseDelayMs: 300 },
  );
  const buyer = await signUpUser(users);
  const other = await signUpUser(users);
  const failed = order(buyer.user.id);
  const paidElsewhere = order(other.user.id);
  await publisher.publish([
    failed.created,
    failed.step('PAYMENT_PENDING', 'PAYMENT_FAILED'),
    paidElsewhere.created,
    paidElsewhere.step('PAYMENT_PENDING', 'PAID'),
  ]);
  // The consumer went on to the second order while nothing could be mailed.
  await eventually(
    async () => (await mailRows(paidElsewhere.orderId)).length + (await mailRows(failed.orderId)).length,
    (count) => count === 2,
  );

  await outage.sendDue();
  const [afterOne] = await mailRows(failed.orderId);
  assert.equal(afterOne?.attempts, 1);
  assert.equal(afterOne?.sentAt, null);
  await outage.sendDue();
  assert.equal((await mailRows(failed.orderId))[0]?.attempts, 1, 'not retried before its delay');
  await new Promise((resolve) => setTimeout(resolve, 350));
  await outage.sendDue();
  const [afterTwo] = await mailRows(failed.orderId);
  assert.equal(afterTwo?.attempts, 2);
  const secondDelay = (afterTwo?.nextAttemptAt.getTime() ?? 0) - Date.now();
  assert.ok(secondDelay > 300 && secondDelay <= 600, `second delay doubles: ${secondDelay} ms`);
  assert.equal(await orderMailsTo(buyer.profile.email).then((list) => list.length), 0);

  await new Promise((resolve) => setTimeout(resolve, 650));
  sender.start();
  const mails = await eventually(
    async () => [...(await orderMailsTo(buyer.profile.email)), ...(await orderMailsTo(other.profile.email))],
    (list) => list.length >= 2,
  );
  assert.deepEqual(mails.map((mail) => mail.subject).sort(), [
    `Payment failed (order ${failed.orderId})`,
    `Payment received (order ${paidElsewhere.orderId})`,
  ]);
  assert.ok((await mailRows(failed.orderId))[0]?.sentAt);
});

test('a rush of paid orders is mailed at the set pace, every mail once', async () => {
  await sender.stop();
  const buyer = await signUpUser(users);
  const rush = Array.from({ length: 30 }, () => order(buyer.user.id));
  await publisher.publish(rush.flatMap(({ created, step }) => [created, step('PAYMENT_PENDING', 'PAID')]));
  await eventually(
    async () => (await Promise.all(rush.map(({ orderId }) => mailRows(orderId)))).flat().length,
    (count) => count === rush.length,
  );

  const paced = new OrderMailSender(users.deps, { maxPerSecond: 20, batchSize: 10, idleDelayMs: 100 });
  const startedAt = Date.now();
  paced.start();
  try {
    const mails = await eventually(
      () => orderMailsTo(buyer.profile.email),
      (list) => list.length >= rush.length,
    );
    // 30 mails at 20 a second, 10 a pass: the third pass cannot start before a second has passed.
    const tookMs = Date.now() - startedAt;
    assert.ok(tookMs >= 1_000, `30 mails at 20/s went out in ${tookMs} ms`);
    await settle();
    const subjects = (await orderMailsTo(buyer.profile.email)).map((mail) => mail.subject).sort();
    assert.deepEqual(subjects, rush.map(({ orderId }) => `Payment received (order ${orderId})`).sort());
    assert.equal(mails.length, rush.length);
  } finally {
    await paced.stop();
  }
});
