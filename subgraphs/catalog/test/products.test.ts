import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { MARKER_TTL_MS } from '@fcfs/shared/testing';
import { admin, type Catalog, customer, startTestCatalog } from './catalog-harness.ts';

let catalog: Catalog;
const tag = `t${randomUUID().slice(0, 8)}`;
const hour = 3_600_000;

const CREATE = /* GraphQL */ `
  mutation Create($input: CreateProductInput!) {
    createProduct(input: $input) { id name price stock availableStock purchaseLimit saleStatus }
  }
`;

type Created = { createProduct: { id: string; saleStatus: string; availableStock: number } };

async function createProduct(overrides: Record<string, unknown> = {}) {
  const result = await catalog.call<Created>(admin, CREATE, {
    input: {
      name: `${tag} product`,
      price: 10_000,
      stock: 10,
      saleStartsAt: new Date(Date.now() - hour).toISOString(),
      purchaseLimit: 2,
      ...overrides,
    },
  });
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  const created = result.data?.createProduct;
  assert.ok(created);
  return created;
}

before(async () => {
  catalog = await startTestCatalog();
});
after(() => catalog.close());

describe('products list', () => {
  test('cursor pages stay stable while rows are inserted between them', async () => {
    const pageTag = `${tag}-pages`;
    const originals = [];
    for (let n = 0; n < 5; n += 1) originals.push(await createProduct({ name: `${pageTag} ${n}` }));
    const PAGE = /* GraphQL */ `
      query Page($after: String, $search: String) {
        products(first: 2, after: $after, filter: { search: $search }) {
          totalCount
          edges { cursor node { id } }
          pageInfo { hasNextPage endCursor }
        }
      }
    `;
    type Page = {
      products: {
        totalCount: number;
        edges: { node: { id: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const result: Awaited<ReturnType<typeof catalog.call<Page>>> = await catalog.call<Page>(
        customer,
        PAGE,
        {
          after: cursor,
          search: pageTag,
        },
      );
      assert.equal(result.errors, undefined);
      const page = result.data?.products;
      assert.ok(page);
      seen.push(...page.edges.map((edge) => edge.node.id));
      cursor = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      if (pages === 0) {
        await createProduct({ name: `${pageTag} late 1` });
        await createProduct({ name: `${pageTag} late 2` });
      }
      pages += 1;
    } while (cursor);
    assert.deepEqual(seen, originals.map((product) => product.id).reverse());
    assert.equal(pages, 3);
  });

  test('filters by sale status (live stock decides SOLD_OUT) and name, with totalCount', async () => {
    const filterTag = `${tag}-filter`;
    const onSale = await createProduct({ name: `${filterTag} on sale` });
    const soldOut = await createProduct({ name: `${filterTag} sold out`, stock: 1, purchaseLimit: 1 });
    const upcoming = await createProduct({
      name: `${filterTag} upcoming`,
      saleStartsAt: new Date(Date.now() + hour).toISOString(),
    });
    const ended = await createProduct({
      name: `${filterTag} ended`,
      saleStartsAt: new Date(Date.now() - 2 * hour).toISOString(),
      saleEndsAt: new Date(Date.now() - hour).toISOString(),
    });
    const reservation = await catalog.deps.stock.reserve(
      'order-1',
      'buyer-1',
      [{ productId: soldOut.id, quantity: 1 }],
      MARKER_TTL_MS,
    );
    assert.deepEqual(reservation, { ok: true, replayed: false, unitPrices: [10_000] });

    const LIST = /* GraphQL */ `
      query List($status: [SaleStatus!], $search: String) {
        products(first: 10, filter: { saleStatus: $status, search: $search }) {
          totalCount
          edges { node { id saleStatus availableStock } }
        }
      }
    `;
    type List = { products: { totalCount: number; edges: { node: { id: string; saleStatus: string } }[] } };
    const idsFor = async (status: string[]) => {
      const result = await catalog.call<List>(customer, LIST, { status, search: filterTag });
      assert.equal(result.errors, undefined);
      const ids = result.data?.products.edges.map((edge) => edge.node.id);
      assert.equal(result.data?.products.totalCount, ids?.length);
      return ids;
    };
    assert.deepEqual(await idsFor(['ON_SALE']), [onSale.id]);
    assert.deepEqual(await idsFor(['SOLD_OUT']), [soldOut.id]);
    assert.deepEqual(await idsFor(['UPCOMING']), [upcoming.id]);
    assert.deepEqual(await idsFor(['ENDED']), [ended.id]);
    assert.deepEqual(await idsFor(['ON_SALE', 'SOLD_OUT']), [soldOut.id, onSale.id]);
    assert.deepEqual(await idsFor([]), [ended.id, upcoming.id, soldOut.id, onSale.id]);
  });

  test('a page larger than 100 or a foreign cursor is BAD_USER_INPUT', async () => {
    const big = await catalog.call(null, '{ products(first: 101) { totalCount } }');
    assert.deepEqual(
      big.errors?.map((error) => [error.extensions?.code, error.extensions?.field]),
      [['BAD_USER_INPUT', 'first']],
    );
    const forged = await catalog.call(null, '{ products(after: "bm90LWEtY3Vyc29y") { totalCount } }');
    assert.deepEqual(
      forged.errors?.map((error) => error.extensions?.code),
      ['BAD_USER_INPUT'],
    );
  });

  test('product(id) is null for unknown and malformed ids, never an error', async () => {
    const result = await catalog.call(
      null,
      /* GraphQL */ `{
      unknown: product(id: "999999999") { id }
      word: product(id: "abc") { id }
      injection: product(id: "1 OR 1=1") { id }
      huge: product(id: "99999999999999999999999") { id }
    }`,
    );
    assert.deepEqual(result, {
      status: 200,
      data: { unknown: null, word: null, injection: null, huge: null },
    });
  });
});

describe('admin mutations', () => {
  test('validation errors name the field and write nothing', async () => {
    const base = { name: `${tag} invalid`, price: 100, stock: 1, saleStartsAt: new Date().toISOString() };
    const cases: [Record<string, unknown>, string][] = [
      [{ price: -1 }, 'input.price'],
      [{ stock: -5 }, 'input.stock'],
      [{ purchaseLimit: 0 }, 'input.purchaseLimit'],
      [{ name: '   ' }, 'input.name'],
      [{ saleEndsAt: new Date(Date.now() - hour).toISOString() }, 'input.saleEndsAt'],
    ];
    for (const [override, field] of cases) {
      const result = await catalog.call(admin, CREATE, { input: { ...base, ...override } });
      assert.deepEqual(
        result.errors?.map((error) => [error.extensions?.code, error.extensions?.field]),
        [['BAD_USER_INPUT', field]],
        JSON.stringify(override),
      );
    }
    const fractional = await catalog.call(admin, CREATE, { input: { ...base, price: 10.5 } });
    assert.deepEqual(
      fractional.errors?.map((error) => error.extensions?.code),
      ['BAD_USER_INPUT'],
    );
    const written = await catalog.call<{ products: { totalCount: number } }>(
      admin,
      `{ products(filter: { search: "${tag} invalid" }) { totalCount } }`,
    );
    assert.equal(written.data?.products.totalCount, 0);
  });

  test('customers get FORBIDDEN and anonymous callers UNAUTHENTICATED', async () => {
    const input = { name: `${tag} nope`, price: 1, stock: 1, saleStartsAt: new Date().toISOString() };
    const asCustomer = await catalog.call(customer, CREATE, { input });
    const anonymous = await catalog.call(null, CREATE, { input });
    assert.deepEqual(
      asCustomer.errors?.map((error) => error.extensions?.code),
      ['FORBIDDEN'],
    );
    assert.deepEqual(
      anonymous.errors?.map((error) => error.extensions?.code),
      ['UNAUTHENTICATED'],
    );
  });

  test('restock during reservations adds to the live counter and updates the window', async () => {
    const product = await createProduct({ stock: 3, purchaseLimit: 5 });
    await catalog.deps.stock.reserve(
      'order-restock',
      'buyer',
      [{ productId: product.id, quantity: 2 }],
      MARKER_TTL_MS,
    );
    const RESTOCK = /* GraphQL */ `
      mutation($id: ID!, $quantity: Int!) { restockProduct(id: $id, quantity: $quantity) { stock availableStock } }
    `;
    const restocked = await catalog.call(admin, RESTOCK, { id: product.id, quantity: 7 });
    assert.deepEqual(restocked.data, { restockProduct: { stock: 10, availableStock: 8 } });
    const zero = await catalog.call(admin, RESTOCK, { id: product.id, quantity: 0 });
    assert.deepEqual(
      zero.errors?.map((error) => [error.extensions?.code, error.extensions?.field]),
      [['BAD_USER_INPUT', 'quantity']],
    );
    const missing = await catalog.call(admin, RESTOCK, { id: '999999999', quantity: 1 });
    assert.deepEqual(
      missing.errors?.map((error) => error.extensions?.code),
      ['NOT_FOUND'],
    );

    const UPDATE = /* GraphQL */ `
      mutation($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { price saleStatus } }
    `;
    const upcoming = await catalog.call(admin, UPDATE, {
      id: product.id,
      input: { price: 5_000, saleStartsAt: new Date(Date.now() + hour).toISOString() },
    });
    assert.deepEqual(upcoming.data, { updateProduct: { price: 5_000, saleStatus: 'UPCOMING' } });
    const reservation = await catalog.deps.stock.reserve(
      'order-late',
      'buyer-2',
      [{ productId: product.id, quantity: 1 }],
      MARKER_TTL_MS,
    );
    assert.deepEqual(reservation, { ok: false, reason: 'SALE_NOT_STARTED', productId: product.id });
  });
});

describe('federation', () => {
  test('N product references cost one SQL query', async () => {
    const products = [await createProduct(), await createProduct(), await createProduct()];
    catalog.queries.length = 0;
    const result = await catalog.call<{ _entities: { id: string; name: string }[] }>(
      null,
      /* GraphQL */ `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { id name price } } }`,
      { representations: products.map((product) => ({ __typename: 'Product', id: product.id })) },
    );
    assert.deepEqual(
      result.data?._entities.map((entity) => entity.id),
      products.map((product) => product.id),
    );
    assert.equal(catalog.queries.filter((sql) => /from `products`/i.test(sql)).length, 1);
  });

  test('requests without a gateway signature are refused', async () => {
    const response = await fetch(catalog.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-fcfs-user-id': '1', 'x-fcfs-user-role': 'ADMIN' },
      body: JSON.stringify({ query: '{ products { totalCount } }' }),
    });
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    assert.equal(response.status, 401);
    assert.deepEqual(
      body.errors.map((error) => error.extensions.code),
      ['UNAUTHENTICATED'],
    );
  });
});
