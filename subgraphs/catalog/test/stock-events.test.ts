import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createEvent, createKafkaPublisher, runConsumer } from '@fcfs/shared';
import { eventually, MARKER_TTL_MS } from '@fcfs/shared/testing';
import { catalogEventHandling } from '../src/events/handlers.ts';
import { admin, type Catalog, startTestCatalog } from './catalog-harness.ts';

let catalog: Catalog;
before(async () => {
  catalog = await startTestCatalog();
});
after(() => catalog.close());

test('order events move stock once each, however often Kafka delivers them', async () => {
  const created = await catalog.call<{ createProduct: { id: string } }>(
    admin,
    /* GraphQL */ `mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }`,
    {
      input: {
        name: `redelivery ${randomUUID()}`,
        price: 100,
        stock: 5,
        saleStartsAt: new Date().toISOString(),
        purchaseLimit: 5,
      },
    },
  );
  const productId = created.data?.createProduct.id;
  assert.ok(productId);
  const orderId = randomUUID();
  assert.deepEqual(
    await catalog.deps.stock.reserve(orderId, 'buyer', [{ productId, quantity: 2 }], MARKER_TTL_MS),
    {
      ok: true,
      replayed: false,
      unitPrices: [100],
    },
  );

  const consumer = await runConsumer({
    kafka: catalog.kafka,
    groupId: `catalog-test-${randomUUID()}`,
    ...catalogEventHandling(catalog.deps),
    logger: catalog.deps.logger,
    fromBeginning: false,
  });
  const publisher = await createKafkaPublisher(catalog.kafka);
  try {
    const items = [{ productId, quantity: 2 }];
    const paid = createEvent('order.paid', orderId, { orderId, userId: 'buyer', items });
    await publisher.publish([paid, paid]);
    await publisher.publish([paid]);

    const PRODUCT = /* GraphQL */ `query($id: ID!) { product(id: $id) { stock availableStock } }`;
    const readProduct = async () => (await catalog.call(null, PRODUCT, { id: productId })).data;
    assert.deepEqual(
      await eventually(
        readProduct,
        (data) => JSON.stringify(data) === JSON.stringify({ product: { stock: 3, availableStock: 3 } }),
      ),
      { product: { stock: 3, availableStock: 3 } },
    );

    const returned = createEvent('order.returned', orderId, { orderId, userId: 'buyer', items });
    await publisher.publish([returned, returned]);
    const unpaidCancel = createEvent('order.cancelled', orderId, {
      orderId,
      userId: 'buyer',
      items,
      wasPaid: false,
    });
    await publisher.publish([unpaidCancel]);
    assert.deepEqual(
      await eventually(
        readProduct,
        (data) => JSON.stringify(data) === JSON.stringify({ product: { stock: 5, availableStock: 3 } }),
      ),
      { product: { stock: 5, availableStock: 3 } },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.deepEqual(await readProduct(), { product: { stock: 5, availableStock: 3 } });
    // The shelf in Redis is orders' to settle and restore: catalog moved units on hand only.
    assert.deepEqual(await catalog.deps.stock.levels([productId]), [{ available: 3, reserved: 2 }]);
  } finally {
    await publisher.close();
    await consumer.disconnect();
  }
});
