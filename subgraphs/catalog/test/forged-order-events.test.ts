import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import {
  createEvent,
  createKafkaPublisher,
  type EventPublisher,
  EventRejections,
  runConsumer,
} from '@fcfs/shared';
import { eventually } from '@fcfs/shared/testing';
import { findProductsByIds } from '../src/db/products-repository.ts';
import { STOCK_EVENT_REJECTIONS } from '../src/domain/apply-stock-movement.ts';
import { createProduct } from '../src/domain/create-product.ts';
import { catalogEventHandling } from '../src/events/handlers.ts';
import { admin, type Catalog, startTestCatalog } from './catalog-harness.ts';

let catalog: Catalog;
let consumer: Awaited<ReturnType<typeof runConsumer>>;
let publisher: EventPublisher;
let rejections: EventRejections;

before(async () => {
  catalog = await startTestCatalog();
  rejections = new EventRejections(catalog.deps.logger);
  consumer = await runConsumer({
    kafka: catalog.kafka,
    groupId: `catalog-test-${randomUUID()}`,
    ...catalogEventHandling(catalog.deps, rejections),
    logger: catalog.deps.logger,
    fromBeginning: false,
  });
  publisher = await createKafkaPublisher(catalog.kafka);
});
after(async () => {
  await publisher.close();
  await consumer.disconnect();
  await catalog.close();
});

const BUYER = 'buyer';

/** A product on sale with 5 units on hand. */
async function newProduct(): Promise<string> {
  const product = await createProduct(catalog.deps, admin, {
    name: `forged events ${randomUUID()}`,
    price: 100,
    stock: 5,
    saleStartsAt: new Date(Date.now() - 1_000),
    purchaseLimit: 5,
  });
  return String(product.id);
}

/** An order of `quantity` units of a new product (its hold in Redis is orders' business, not catalog's). */
async function heldOrder(quantity: number) {
  const productId = await newProduct();
  return { productId, orderId: randomUUID(), items: [{ productId, quantity }] };
}

/** Units on hand in MySQL. */
async function onHand(productId: string) {
  const [row] = await findProductsByIds(catalog.deps.db, [Number(productId)]);
  return row?.stock;
}

const untilOnHand = (productId: string, expected: number) =>
  eventually(
    () => onHand(productId),
    (now) => now === expected,
  );

const countOf = (reason: string) => rejections.counts()[reason] ?? 0;
/** Waits until the consumer has refused one more event for `reason`. */
const refusedOnceMore = async (reason: string, before: number) =>
  eventually(
    async () => countOf(reason),
    (count) => count > before,
  );

test('a paid cancel for an order catalog never settled restocks nothing', async () => {
  const productId = await newProduct();
  const orderId = randomUUID();
  const before = countOf(STOCK_EVENT_REJECTIONS.neverSettled);

  await publisher.publish([
    createEvent('order.cancelled', orderId, {
      orderId,
      userId: BUYER,
      items: [{ productId, quantity: 3 }],
      wasPaid: true,
    }),
    createEvent('order.returned', orderId, { orderId, userId: BUYER, items: [{ productId, quantity: 3 }] }),
  ]);
  assert.equal(await refusedOnceMore(STOCK_EVENT_REJECTIONS.neverSettled, before + 1), before + 2);
  assert.equal(await onHand(productId), 5);
});

test('a settled order comes back on the shelf once, with the lines catalog settled', async () => {
  const { productId, orderId, items } = await heldOrder(2);
  await publisher.publish([createEvent('order.paid', orderId, { orderId, userId: BUYER, items })]);
  assert.equal(await untilOnHand(productId, 3), 3);

  // The cancel claims more units than were settled: only the settled two come back.
  await publisher.publish([
    createEvent('order.cancelled', orderId, {
      orderId,
      userId: BUYER,
      items: [{ productId, quantity: 4 }],
      wasPaid: true,
    }),
  ]);
  assert.equal(await untilOnHand(productId, 5), 5);

  const before = countOf(STOCK_EVENT_REJECTIONS.alreadyRestored);
  await publisher.publish([createEvent('order.returned', orderId, { orderId, userId: BUYER, items })]);
  assert.equal(await refusedOnceMore(STOCK_EVENT_REJECTIONS.alreadyRestored, before), before + 1);
  assert.equal(await onHand(productId), 5);
});

test('a second order.paid for a settled order takes nothing more off the shelf', async () => {
  const { productId, orderId, items } = await heldOrder(2);
  await publisher.publish([createEvent('order.paid', orderId, { orderId, userId: BUYER, items })]);
  await untilOnHand(productId, 3);
  const before = countOf(STOCK_EVENT_REJECTIONS.alreadySettled);

  await publisher.publish([createEvent('order.paid', orderId, { orderId, userId: BUYER, items })]);
  assert.equal(await refusedOnceMore(STOCK_EVENT_REJECTIONS.alreadySettled, before), before + 1);
  assert.equal(await onHand(productId), 3);
});
