import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createEvent, outbox } from '@fcfs/shared';
import { eq } from 'drizzle-orm';
import { findProductsByIds } from '../src/db/products-repository.ts';
import { STOCK_EVENT_REJECTIONS, settlePaidOrders } from '../src/domain/apply-stock-movement.ts';
import { createProduct } from '../src/domain/create-product.ts';
import { admin, type Catalog, startTestCatalog } from './catalog-harness.ts';

let catalog: Catalog;
before(async () => {
  catalog = await startTestCatalog();
});
after(() => catalog.close());

/** A product of `orders` units and the order.paid events of `orders` one-unit orders. */
async function paidOrders(orders: number) {
  const product = await createProduct(catalog.deps, admin, {
    name: `settle batch ${randomUUID()}`,
    price: 100,
    stock: orders,
    saleStartsAt: new Date(Date.now() - 1_000),
    purchaseLimit: 1,
  });
  const productId = String(product.id);
  const events = Array.from({ length: orders }, () => {
    const orderId = randomUUID();
    const items = [{ productId, quantity: 1 }];
    return createEvent('order.paid', orderId, { orderId, userId: randomUUID(), items });
  });
  return { productId, events };
}

/** Units on hand in MySQL: the holds in Redis are orders' to settle. */
async function onHand(productId: string) {
  const [row] = await findProductsByIds(catalog.deps.db, [Number(productId)]);
  return row?.stock;
}

const announcements = (productId: string) =>
  catalog.deps.db
    .select()
    .from(outbox)
    .where(eq(outbox.type, 'product.changed'))
    .then((rows) => rows.filter((row) => row.envelope.key === productId));

test('a batch of paid orders is settled in a few statements, whatever its size, with one announcement', async () => {
  const { productId, events } = await paidOrders(60);
  const announcedBefore = (await announcements(productId)).length;
  const before = catalog.queries.length;
  const refused = await settlePaidOrders(catalog.deps, events);
  const statements = catalog.queries.length - before;
  assert.equal(refused.size, 0);
  assert.ok(statements <= 12, `${statements} statements for 60 orders`);
  assert.equal(await onHand(productId), 0);
  assert.equal((await announcements(productId)).length - announcedBefore, 1);
});

test('overlapping batches delivered at the same moment settle each order once', async () => {
  const { productId, events } = await paidOrders(40);
  const again = events.map((event) => createEvent('order.paid', event.key, event.data));
  const outcomes = await Promise.all([
    settlePaidOrders(catalog.deps, events.slice(0, 30)),
    settlePaidOrders(catalog.deps, events.slice(10)),
    settlePaidOrders(catalog.deps, again.slice(20)),
  ]);
  assert.equal(await onHand(productId), 0);
  const refusals = outcomes.flatMap((refused) => [...refused.values()]);
  assert.ok(refusals.every((reason) => reason === STOCK_EVENT_REJECTIONS.alreadySettled));
});
