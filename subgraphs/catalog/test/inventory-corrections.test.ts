import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { stockKeys } from '@fcfs/shared';
import { MARKER_TTL_MS } from '@fcfs/shared/testing';
import { admin, type Catalog, customer, startTestCatalog } from './catalog-harness.ts';

// adjustStock and archiveProduct against real MySQL and Redis; reservations go through the same counter
// script orders uses (StockCounters.reserve), so "held by open orders" is what orders would hold.
let catalog: Catalog;
const tag = `t${randomUUID().slice(0, 8)}`;

before(async () => {
  catalog = await startTestCatalog();
});
after(() => catalog.close());

const PRODUCT_FIELDS = 'id stock availableStock saleStatus archivedAt';
type ProductView = {
  id: string;
  stock: number;
  availableStock: number;
  saleStatus: string;
  archivedAt: string | null;
};

async function createProduct(stock: number): Promise<string> {
  const result = await catalog.call<{ createProduct: { id: string } }>(
    admin,
    `mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }`,
    {
      input: {
        name: `${tag} product`,
        price: 1_000,
        stock,
        saleStartsAt: new Date(Date.now() - 60_000).toISOString(),
        purchaseLimit: 1_000,
      },
    },
  );
  const id = result.data?.createProduct.id;
  assert.ok(id, JSON.stringify(result.errors));
  return id;
}

const ADJUST = /* GraphQL */ `
  mutation($productId: ID!, $delta: Int!, $reason: String!) {
    adjustStock(productId: $productId, delta: $delta, reason: $reason) { ${PRODUCT_FIELDS} }
  }
`;
const adjust = (productId: string, delta: number, reason = 'cycle count', viewer = admin) =>
  catalog.call<{ adjustStock: ProductView }>(viewer, ADJUST, { productId, delta, reason });

async function productOf(id: string) {
  const result = await catalog.call<{
    product: ProductView & { stockAdjustments: Record<string, unknown>[] };
  }>(
    admin,
    `query($id: ID!) { product(id: $id) { ${PRODUCT_FIELDS} stockAdjustments { delta reason adminId stockAfter } } }`,
    { id },
  );
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  const product = result.data?.product;
  assert.ok(product);
  return product;
}

const reserve = (productId: string, quantity: number, buyer = `buyer-${randomUUID()}`) =>
  catalog.deps.stock.reserve(randomUUID(), buyer, [{ productId, quantity }], MARKER_TTL_MS);

async function countersOf(productId: string) {
  const keys = stockKeys(productId);
  const [available, reserved] = await catalog.redis.hmget(keys.stock, 'available', 'reserved');
  const received = await catalog.redis.hget(keys.meta, 'received');
  return { available: Number(available), reserved: Number(reserved), received: Number(received) };
}

describe('adjustStock', () => {
  test('adds and removes units on hand, the live counter and units received with them, each recorded', async () => {
    const id = await createProduct(10);
    const added = await adjust(id, 5, 'found a carton');
    assert.deepEqual(added.data?.adjustStock, {
      id,
      stock: 15,
      availableStock: 15,
      saleStatus: 'ON_SALE',
      archivedAt: null,
    });
    const removed = await adjust(id, -12, 'water damage');
    assert.equal(removed.errors, undefined, JSON.stringify(removed.errors));
    assert.deepEqual(await countersOf(id), { available: 3, reserved: 0, received: 3 });
    const product = await productOf(id);
    assert.equal(product.stock, 3);
    assert.deepEqual(product.stockAdjustments, [
      { delta: -12, reason: 'water damage', adminId: admin.id, stockAfter: 3 },
      { delta: 5, reason: 'found a carton', adminId: admin.id, stockAfter: 15 },
    ]);
  });

  test('never removes units held by open orders: BAD_USER_INPUT on delta, and nothing changes', async () => {
    const id = await createProduct(10);
    assert.equal((await reserve(id, 7)).ok, true);
    const refused = await adjust(id, -4);
    assert.equal(refused.data, null);
    assert.equal(refused.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    assert.equal(refused.errors?.[0]?.extensions?.field, 'delta');
    assert.match(refused.errors?.[0]?.message ?? '', /at most 3 units/);
    assert.deepEqual(await countersOf(id), { available: 3, reserved: 7, received: 10 });
    const product = await productOf(id);
    assert.equal(product.stock, 10);
    assert.deepEqual(product.stockAdjustments, []);

    const allFree = await adjust(id, -3);
    assert.equal(allFree.data?.adjustStock.availableStock, 0);
    assert.equal(allFree.data?.adjustStock.saleStatus, 'SOLD_OUT');
    assert.deepEqual(await countersOf(id), { available: 0, reserved: 7, received: 7 });
  });

  test('checks its input and its caller', async () => {
    const id = await createProduct(1);
    const cases: [Awaited<ReturnType<typeof adjust>>, string, string | undefined][] = [
      [await adjust(id, 0), 'BAD_USER_INPUT', 'delta'],
      [await adjust(id, 1, '   '), 'BAD_USER_INPUT', 'reason'],
      [await adjust(id, 1, 'x'.repeat(501)), 'BAD_USER_INPUT', 'reason'],
      [await adjust(id, 1, 'line\nbreak'), 'BAD_USER_INPUT', 'reason'],
      [await adjust(id, 20_000_000), 'BAD_USER_INPUT', 'delta'],
      [await adjust('999999999999', 1), 'NOT_FOUND', undefined],
      [await adjust(id, 1, 'sneaky', customer), 'FORBIDDEN', undefined],
      [await adjust(id, 1, 'anonymous', null as never), 'UNAUTHENTICATED', undefined],
    ];
    for (const [result, code, field] of cases) {
      assert.equal(result.data, null);
      assert.equal(result.errors?.[0]?.extensions?.code, code, JSON.stringify(result.errors));
      assert.equal(result.errors?.[0]?.extensions?.field, field);
    }
    const product = await productOf(id);
    assert.equal(product.stock, 1);
    assert.deepEqual(product.stockAdjustments, []);
  });

  test('concurrent adjustments and reservations never make available negative nor sell a unit twice', async () => {
    const initial = 40;
    const id = await createProduct(initial);
    const deltas = [...Array.from({ length: 30 }, () => -2), ...Array.from({ length: 10 }, () => 1)];
    const [adjustments, reserved] = await Promise.all([
      Promise.all(deltas.map((delta) => adjust(id, delta, 'concurrent correction'))),
      Promise.all(Array.from({ length: 60 }, () => reserve(id, 1))),
    ]);

    let applied = 0;
    let net = 0;
    adjustments.forEach((result, index) => {
      if (result.data?.adjustStock) {
        applied += 1;
        net += deltas[index] ?? 0;
      } else {
        assert.equal(result.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(result.errors));
      }
    });
    const product = await productOf(id);
    assert.equal(product.stockAdjustments.length, applied);
    const held = reserved.filter((result) => result.ok).length;
    const counters = await countersOf(id);

    assert.ok(counters.available >= 0, JSON.stringify(counters));
    assert.equal(counters.reserved, held);
    assert.equal(product.stock, initial + net, 'on hand moved exactly by the applied adjustments');
    assert.equal(counters.available + counters.reserved, product.stock, 'Redis and MySQL agree');
    assert.ok(held <= product.stock, `${held} units held, ${product.stock} on hand`);
    assert.ok(held > 0 && applied > 0, 'both sides got through');
  });
});

describe('archiveProduct', () => {
  const ARCHIVE = `mutation($id: ID!) { archiveProduct(id: $id) { ${PRODUCT_FIELDS} } }`;

  test('hides the product from the shelf and ends its sale, while product(id) still finds it', async () => {
    const id = await createProduct(5);
    assert.equal((await reserve(id, 1)).ok, true);
    const archived = await catalog.call<{ archiveProduct: ProductView }>(admin, ARCHIVE, { id });
    const view = archived.data?.archiveProduct;
    assert.ok(view?.archivedAt, JSON.stringify(archived.errors));
    assert.equal(view.saleStatus, 'ENDED');

    const shelf = await catalog.call<{ products: { edges: { node: { id: string } }[] } }>(
      null,
      `query($search: String) { products(first: 100, filter: { search: $search }) { edges { node { id } } } }`,
      { search: tag },
    );
    assert.ok(!shelf.data?.products.edges.some((edge) => edge.node.id === id));
    assert.equal((await productOf(id)).saleStatus, 'ENDED');
    assert.deepEqual(await reserve(id, 1), { ok: false, reason: 'SALE_ENDED', productId: id });

    const again = await catalog.call<{ archiveProduct: ProductView }>(admin, ARCHIVE, { id });
    assert.equal(again.data?.archiveProduct.archivedAt, view.archivedAt);
  });

  test('an upcoming product archived answers SALE_ENDED, not SALE_NOT_STARTED', async () => {
    const created = await catalog.call<{ createProduct: { id: string } }>(
      admin,
      `mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }`,
      {
        input: {
          name: `${tag} upcoming`,
          price: 1_000,
          stock: 3,
          saleStartsAt: new Date(Date.now() + 3_600_000).toISOString(),
        },
      },
    );
    const id = created.data?.createProduct.id ?? '';
    await catalog.call(admin, ARCHIVE, { id });
    assert.deepEqual(await reserve(id, 1), { ok: false, reason: 'SALE_ENDED', productId: id });
  });

  test('only admins archive', async () => {
    const id = await createProduct(1);
    const refused = await catalog.call(customer, ARCHIVE, { id });
    assert.equal(refused.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    assert.equal((await productOf(id)).archivedAt, null);
  });
});
