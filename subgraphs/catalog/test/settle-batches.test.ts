import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createEvent, outbox } from '@fcfs/shared';
import { MARKER_TTL_MS } from '@fcfs/shared/testing';
import { eq } from 'drizzle-orm';
import { findProductsByIds } from '../src/db/products-repository.ts';
import { STOCK_EVENT_REJECTIONS, settlePaidOrders } from '../src/domain/apply-stock-movement.ts';
import { createProduct } from '../src/domain/create-product.ts';
import { admin, type Catalog, startCatalog } from './catalog-harness.ts';

let catalog: Catalog;
before(async () => {
  catalog = await startCatalog();
});
after(() => catalog.close());

/** A product with `orders` one-unit orders held in Redis, and their order.paid events. */
async function paidOrders(orders: number) {
  const product = await createProduct(catalog.deps, admin, {
    name: `settle batch ${randomUUID()}`,
    price: 100,
    stock: orders,
    saleStartsAt: new Date(Date.now() - 1_000),
    purchaseLimit: 1,
  });
  const productId = String(product.id);
  const events = await Promise.all(
    Array.from({ length: orders }, async () => {
      const orderId = randomUUID();
      const userId = randomUUID();
      const items = [{ productId, quantity: 1 }];
      assert.equal((await catalog.deps.stock.reserve(orderId, userId, items, MARKER_TTL_MS)).ok, true);
      return createEvent('order.paid', orderId, { orderId, userId, items });
    }),
  );
  return { productId, events };
}

async function levels(productId: string) {
  const [row] = await findProductsByIds(catalog.deps.db, [Number(productId)]);
  const [counters] = await catalog.deps.stock.levels([productId]);
  return { stock: row?.stock, available: counters?.available, reserved: counters?.reserved };
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
  assert.deepEqual(await levels(productId), { stock: 0, available: 0, reserved: 0 });
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
  assert.deepEqual(await levels(productId), { stock: 0, available: 0, reserved: 0 });
  const refusals = outcomes.flatMap((refused) => [...refused.values()]);
  assert.ok(refusals.every((reason) => reason === STOCK_EVENT_REJECTIONS.alreadySettled));
});
