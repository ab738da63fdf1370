import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { CATALOG_PUBLISHED_KEY, REBUILD_REQUESTS_KEY, stockKeys } from '@fcfs/shared';
import { republishLostSales } from '../src/domain/republish-lost-sales.ts';
import { admin, type Catalog, startTestCatalog } from './catalog-harness.ts';

let catalog: Catalog;
before(async () => {
  catalog = await startTestCatalog();
});
after(() => catalog.close());

async function createProduct(stock: number): Promise<string> {
  const result = await catalog.call<{ createProduct: { id: string } }>(
    admin,
    /* GraphQL */ `mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }`,
    {
      input: {
        name: `lost ${randomUUID().slice(0, 8)}`,
        price: 10_000,
        stock,
        saleStartsAt: new Date(Date.now() - 60_000).toISOString(),
        purchaseLimit: 2,
      },
    },
  );
  const id = result.data?.createProduct.id;
  assert.ok(id, JSON.stringify(result.errors));
  return id;
}

const readAvailable = async (id: string) =>
  catalog.call<{ product: { availableStock: number; saleStatus: string } }>(
    null,
    /* GraphQL */ `query($id: ID!) { product(id: $id) { availableStock saleStatus } }`,
    { id },
  );

const requested = async (id: string) => (await catalog.redis.sismember(REBUILD_REQUESTS_KEY, id)) === 1;

test('a new product gets its counters and units received from catalog', async () => {
  const id = await createProduct(7);
  const keys = stockKeys(id);
  assert.deepEqual(await catalog.redis.hmget(keys.stock, 'available', 'reserved'), ['7', '0']);
  assert.equal(await catalog.redis.hget(keys.meta, 'received'), '7');
});

test('counters lost from Redis: nothing shown as available, metadata back, orders asked to rebuild', async () => {
  const id = await createProduct(5);
  const keys = stockKeys(id);
  await catalog.redis.del(...Object.values(keys));

  const read = await readAvailable(id);
  assert.deepEqual(read, { status: 200, data: { product: { availableStock: 0, saleStatus: 'SOLD_OUT' } } });
  assert.equal(await catalog.redis.hget(keys.meta, 'received'), '5');
  assert.equal(await catalog.redis.exists(keys.stock), 0, 'catalog never guesses counters it cannot know');
  assert.equal(await requested(id), true);
});

test('a restock while the counters are missing still reaches the units received', async () => {
  const id = await createProduct(5);
  await catalog.redis.del(stockKeys(id).stock);
  const result = await catalog.call(
    admin,
    /* GraphQL */ `mutation($id: ID!) { restockProduct(id: $id, quantity: 3) { stock } }`,
    { id },
  );
  assert.deepEqual(result, { status: 200, data: { restockProduct: { stock: 8 } } });
  assert.equal(await catalog.redis.hget(stockKeys(id).meta, 'received'), '8');
  assert.equal(await requested(id), true);
});

test('when the published mark vanishes (FLUSHALL), catalog publishes every product again', async () => {
  const id = await createProduct(4);
  const keys = stockKeys(id);
  await catalog.redis.del(keys.meta, keys.stock, CATALOG_PUBLISHED_KEY);
  const stop = republishLostSales(catalog.deps, 50);
  try {
    const deadline = Date.now() + 10_000;
    while (!(await catalog.redis.exists(CATALOG_PUBLISHED_KEY)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await stop();
  }
  assert.equal(await catalog.redis.exists(CATALOG_PUBLISHED_KEY), 1);
  assert.equal(await catalog.redis.hget(keys.meta, 'received'), '4');
  assert.equal(await requested(id), true);
});
