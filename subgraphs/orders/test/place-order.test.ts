import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { CATALOG_PUBLISHED_KEY, stockKeys } from '@fcfs/shared';
import { orderIdFor } from '../src/domain/order-id.ts';
import type { PlacedOrdersWriter } from '../src/domain/order-writer.ts';
import { writePlacedOrders } from '../src/domain/order-writer.ts';
import {
  admin,
  codesOf,
  type Orders,
  type OrderView,
  PLACE_ORDER,
  startTestOrders,
  uniqueUser,
} from './orders-harness.ts';

let orders: Orders;
before(async () => {
  orders = await startTestOrders();
});
after(() => orders.close());

type Placed = { placeOrder: OrderView };
const key = () => randomUUID();

describe('placeOrder', () => {
  test('reserves the units, snapshots the price and writes order, history and outbox together', async () => {
    const a = await orders.publishProduct({ price: 12_000, available: 5, purchaseLimit: 3 });
    const b = await orders.publishProduct({ price: 3_500, available: 5 });
    const buyer = uniqueUser();
    const idempotencyKey = key();
    const result = await orders.call<Placed>(buyer, PLACE_ORDER, {
      input: {
        items: [
          { productId: a.productId, quantity: 2 },
          { productId: b.productId, quantity: 1 },
        ],
        idempotencyKey,
        paymentMethod: 'card',
      },
    });
    const id = orderIdFor(buyer.id, idempotencyKey);
    assert.deepEqual(result, {
      status: 200,
      data: {
        placeOrder: {
          id,
          status: 'PAYMENT_PENDING',
          totalPrice: 27_500,
          paymentMethod: 'card',
          items: [
            { product: { id: a.productId }, quantity: 2, unitPrice: 12_000 },
            { product: { id: b.productId }, quantity: 1, unitPrice: 3_500 },
          ].sort((x, y) => x.product.id.localeCompare(y.product.id)),
          statusHistory: [{ from: null, to: 'PAYMENT_PENDING', reason: null }],
        },
      },
    });
    assert.deepEqual(await orders.levels(a.productId), {
      available: 3,
      reserved: 2,
      holds: 1,
      buyers: { [buyer.id]: '2' },
    });

    // A later price change does not touch the order's snapshot.
    await orders.stock.publish({ ...a, price: 99_000 });
    const reread = await orders.call<{ order: { totalPrice: number } }>(
      buyer,
      /* GraphQL */ `query($id: ID!) { order(id: $id) { totalPrice } }`,
      { id },
    );
    assert.deepEqual(reread.data, { order: { totalPrice: 27_500 } });

    const events = await orders.events([id]);
    assert.deepEqual(
      events.map((event) => event.type),
      ['order.created', 'order.status-changed'],
    );
    assert.deepEqual(events[0]?.data, {
      orderId: id,
      userId: buyer.id,
      items: [
        { productId: a.productId, quantity: 2, unitPrice: 12_000 },
        { productId: b.productId, quantity: 1, unitPrice: 3_500 },
      ],
      totalPrice: 27_500,
      paymentMethod: 'card',
    });
    assert.deepEqual(events[1]?.data, {
      orderId: id,
      userId: buyer.id,
      from: null,
      to: 'PAYMENT_PENDING',
      changedAt: (await orders.order(id))?.createdAt.toISOString(),
    });
  });

  test('bad input is BAD_USER_INPUT naming the field, and reserves nothing', async () => {
    const product = await orders.publishProduct({ available: 100, purchaseLimit: 100 });
    const line = { productId: product.productId, quantity: 1 };
    const cases: [Record<string, unknown>, string][] = [
      [{ items: [{ ...line, quantity: 0 }] }, 'input.items.0.quantity'],
      [{ items: [{ ...line, quantity: -3 }] }, 'input.items.0.quantity'],
      [{ items: [line, { ...line, quantity: 2 }] }, 'input.items.1.productId'],
      [{ items: [] }, 'input.items'],
      [
        {
          items: Array.from({ length: 21 }, (_, n) => ({ productId: String(900_000 + n), quantity: 1 })),
        },
        'input.items',
      ],
      [{ items: [line], idempotencyKey: '' }, 'input.idempotencyKey'],
      [{ items: [line], idempotencyKey: 'has spaces' }, 'input.idempotencyKey'],
      [{ items: [line], idempotencyKey: 'k'.repeat(129) }, 'input.idempotencyKey'],
    ];
    for (const [input, field] of cases) {
      const result = await orders.call(uniqueUser(), PLACE_ORDER, {
        input: { idempotencyKey: key(), ...input },
      });
      assert.deepEqual(
        result.errors?.map((error) => [error.extensions?.code, error.extensions?.field]),
        [['BAD_USER_INPUT', field]],
        JSON.stringify(input),
      );
      assert.equal(result.data, null);
    }
    assert.deepEqual(await orders.levels(product.productId), {
      available: 100,
      reserved: 0,
      holds: 0,
      buyers: {},
    });
  });

  test('sale window, unknown products and anonymous callers are refused with their codes', async () => {
    const hour = 3_600_000;
    const upcoming = await orders.publishProduct({ saleStartsAt: new Date(Date.now() + hour) });
    const ended = await orders.publishProduct({
      saleStartsAt: new Date(Date.now() - 2 * hour),
      saleEndsAt: new Date(Date.now() - hour),
    });
    const soldOut = await orders.publishProduct({ available: 0 });
    const open = await orders.publishProduct({ available: 3 });
    const place = (productId: string, viewer = uniqueUser()) =>
      orders.call(viewer, PLACE_ORDER, {
        input: {
          items: [
            { productId: open.productId, quantity: 1 },
            { productId, quantity: 1 },
          ],
          idempotencyKey: key(),
        },
      });
    const results = [
      await place(upcoming.productId),
      await place(ended.productId),
      await place(soldOut.productId),
      await place('999999999999999'),
    ];
    assert.deepEqual(results.map(codesOf), [
      ['SALE_NOT_STARTED'],
      ['SALE_ENDED'],
      ['OUT_OF_STOCK'],
      ['NOT_FOUND'],
    ]);
    assert.equal(results[2]?.errors?.[0]?.extensions?.productId, soldOut.productId);
    // All lines or none: the open product's unit was never taken.
    assert.deepEqual(await orders.levels(open.productId), {
      available: 3,
      reserved: 0,
      holds: 0,
      buyers: {},
    });

    // Counters lost from Redis while the metadata is back: rebuilt from the orders database, then reserved.
    const lost = await orders.publishProduct({ available: 4 });
    await orders.redis.del(stockKeys(lost.productId).stock);
    const rebuilt = await place(lost.productId);
    assert.equal(rebuilt.errors, undefined);
    assert.deepEqual((await orders.levels(lost.productId)).available, 3);
    assert.equal((await orders.levels(open.productId)).available, 2);

    // Metadata gone too and catalog has not republished since Redis lost its data: retry shortly.
    await orders.redis.del(...Object.values(stockKeys(lost.productId)), CATALOG_PUBLISHED_KEY);
    try {
      const unavailable = await place(lost.productId);
      assert.deepEqual(codesOf(unavailable), ['TEMPORARILY_UNAVAILABLE']);
    } finally {
      await orders.stock.markCatalogPublished();
    }
    assert.equal((await orders.levels(open.productId)).available, 2);

    const anonymous = await orders.call(null, PLACE_ORDER, {
      input: { items: [{ productId: open.productId, quantity: 1 }], idempotencyKey: key() },
    });
    assert.deepEqual(codesOf(anonymous), ['UNAUTHENTICATED']);
  });

  test('10 parallel calls with one idempotency key make one order and take the units once', async () => {
    const product = await orders.publishProduct({ available: 10, purchaseLimit: 10 });
    const buyer = uniqueUser();
    const input = { items: [{ productId: product.productId, quantity: 3 }], idempotencyKey: key() };
    const results = await Promise.all(
      Array.from({ length: 10 }, () => orders.call<Placed>(buyer, PLACE_ORDER, { input })),
    );
    for (const result of results) assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    const ids = new Set(results.map((result) => result.data?.placeOrder.id));
    assert.deepEqual([...ids], [orderIdFor(buyer.id, input.idempotencyKey)]);
    assert.equal((await orders.ordersOf([buyer.id])).length, 1);
    assert.deepEqual(await orders.levels(product.productId), {
      available: 7,
      reserved: 3,
      holds: 1,
      buyers: { [buyer.id]: '3' },
    });
    const again = await orders.call<Placed>(buyer, PLACE_ORDER, { input });
    assert.equal(again.data?.placeOrder.id, [...ids][0]);
    assert.equal((await orders.levels(product.productId)).available, 7);
  });

  test("one user's 20 parallel orders against a limit of 2 get exactly 2", async () => {
    const product = await orders.publishProduct({ available: 100, purchaseLimit: 2 });
    const buyer = uniqueUser();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        orders.call<Placed>(buyer, PLACE_ORDER, {
          input: { items: [{ productId: product.productId, quantity: 1 }], idempotencyKey: key() },
        }),
      ),
    );
    const placed = results.filter((result) => result.data?.placeOrder);
    const refused = results.flatMap((result) => codesOf(result) ?? []);
    assert.equal(placed.length, 2);
    assert.deepEqual(refused, Array(18).fill('PURCHASE_LIMIT_EXCEEDED'));
    assert.equal((await orders.ordersOf([buyer.id])).length, 2);
    assert.deepEqual(await orders.levels(product.productId), {
      available: 98,
      reserved: 2,
      holds: 2,
      buyers: { [buyer.id]: '2' },
    });
  });
});

describe('when the order cannot be written', () => {
  test('the reservation is released: no leaked stock, no order, no event', async () => {
    const failing: PlacedOrdersWriter = async (tx, placed) => {
      await writePlacedOrders(tx, placed);
      throw new Error('simulated failure after the rows were written');
    };
    const broken = await startTestOrders({ writePlacedOrders: failing });
    try {
      const product = await broken.publishProduct({ available: 4, purchaseLimit: 4 });
      const buyer = uniqueUser();
      const idempotencyKey = key();
      const result = await broken.call(buyer, PLACE_ORDER, {
        input: { items: [{ productId: product.productId, quantity: 2 }], idempotencyKey },
      });
      assert.deepEqual(result, {
        status: 200,
        data: null,
        errors: [
          {
            message: 'Internal server error',
            path: ['placeOrder'],
            extensions: { code: 'INTERNAL_SERVER_ERROR' },
          },
        ],
      });
      assert.deepEqual(await broken.levels(product.productId), {
        available: 4,
        reserved: 0,
        holds: 0,
        buyers: {},
      });
      const id = orderIdFor(buyer.id, idempotencyKey);
      assert.equal(await broken.order(id), undefined);
      assert.deepEqual(await broken.events([id]), []);

      // The same attempt succeeds once the writer works again, and takes the units exactly once.
      const retried = await orders.call<Placed>(buyer, PLACE_ORDER, {
        input: { items: [{ productId: product.productId, quantity: 2 }], idempotencyKey },
      });
      assert.equal(retried.data?.placeOrder.id, id);
      assert.equal((await orders.levels(product.productId)).available, 2);
    } finally {
      await broken.close();
    }
  });

  test('the commit happened but its answer was lost: the order is returned and keeps its hold', async () => {
    // The rows are committed on another connection, then the write reports a lost connection: exactly what a
    // client sees when the server dies between committing and answering COMMIT.
    const committedThenLost: PlacedOrdersWriter = async (_tx, placed) => {
      const [seq] = await orders.deps.db.transaction((elsewhere) => writePlacedOrders(elsewhere, placed));
      throw Object.assign(new Error(`Connection lost after writing order #${seq}`), {
        code: 'PROTOCOL_CONNECTION_LOST',
      });
    };
    const flaky = await startTestOrders({ writePlacedOrders: committedThenLost });
    try {
      const product = await flaky.publishProduct({ available: 3, purchaseLimit: 3 });
      const buyer = uniqueUser();
      const idempotencyKey = key();
      const result = await flaky.call<Placed>(buyer, PLACE_ORDER, {
        input: { items: [{ productId: product.productId, quantity: 1 }], idempotencyKey },
      });
      assert.equal(result.data?.placeOrder.id, orderIdFor(buyer.id, idempotencyKey));
      assert.deepEqual(await flaky.levels(product.productId), {
        available: 2,
        reserved: 1,
        holds: 1,
        buyers: { [buyer.id]: '1' },
      });
    } finally {
      await flaky.close();
    }
  });
});

describe('reading orders', () => {
  const ORDER = /* GraphQL */ `query($id: ID!) { order(id: $id) { id user { id } } }`;

  test('the buyer and admins see an order; anyone else, and malformed ids, get null', async () => {
    const product = await orders.publishProduct();
    const buyer = uniqueUser();
    const placed = await orders.call<Placed>(buyer, PLACE_ORDER, {
      input: { items: [{ productId: product.productId, quantity: 1 }], idempotencyKey: key() },
    });
    const id = placed.data?.placeOrder.id;
    assert.ok(id);
    const expected = { status: 200, data: { order: { id, user: { id: buyer.id } } } };
    assert.deepEqual(await orders.call(buyer, ORDER, { id }), expected);
    assert.deepEqual(await orders.call(admin, ORDER, { id }), expected);
    assert.deepEqual(await orders.call(uniqueUser(), ORDER, { id }), { status: 200, data: { order: null } });
    assert.deepEqual(await orders.call(buyer, ORDER, { id: "1' OR 1=1" }), {
      status: 200,
      data: { order: null },
    });

    const ENTITIES = /* GraphQL */ `
      query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Order { id } } }
    `;
    const representations = [{ __typename: 'Order', id }];
    assert.deepEqual((await orders.call(uniqueUser(), ENTITIES, { representations })).data, {
      _entities: [null],
    });
    assert.deepEqual((await orders.call(buyer, ENTITIES, { representations })).data, { _entities: [{ id }] });
  });

  test('User.orders pages newest first by cursor, filters by status, and is private', async () => {
    const product = await orders.publishProduct({ available: 50, purchaseLimit: 50 });
    const buyer = uniqueUser();
    const ids: string[] = [];
    for (let n = 0; n < 5; n += 1) {
      const placed = await orders.call<Placed>(buyer, PLACE_ORDER, {
        input: { items: [{ productId: product.productId, quantity: 1 }], idempotencyKey: key() },
      });
      ids.push(placed.data?.placeOrder.id ?? '');
    }
    await orders.forceOrder(ids[1] ?? '', { status: 'PAID' });
    const ORDERS = /* GraphQL */ `
      query($representations: [_Any!]!, $first: Int, $after: String, $status: [OrderStatus!]) {
        _entities(representations: $representations) {
          ... on User {
            orders(first: $first, after: $after, status: $status) {
              totalCount
              edges { node { id } }
              pageInfo { hasNextPage endCursor }
            }
          }
        }
      }
    `;
    type Page = {
      _entities: {
        orders: {
          totalCount: number;
          edges: { node: { id: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      }[];
    };
    const representations = [{ __typename: 'User', id: buyer.id }];
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const result: Awaited<ReturnType<typeof orders.call<Page>>> = await orders.call<Page>(buyer, ORDERS, {
        representations,
        first: 2,
        after,
      });
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      const page = result.data?._entities[0]?.orders;
      assert.ok(page);
      assert.equal(page.totalCount, 5);
      seen.push(...page.edges.map((edge) => edge.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages += 1;
    } while (after);
    assert.deepEqual(seen, [...ids].reverse());
    assert.equal(pages, 3);

    const paid = await orders.call<Page>(admin, ORDERS, { representations, status: ['PAID'] });
    assert.deepEqual(
      paid.data?._entities[0]?.orders.edges.map((edge) => edge.node.id),
      [ids[1]],
    );
    const tooMany = await orders.call(buyer, ORDERS, { representations, first: 101 });
    assert.deepEqual(
      tooMany.errors?.map((error) => [error.extensions?.code, error.extensions?.field]),
      [['BAD_USER_INPUT', 'first']],
    );
    const foreignCursor = await orders.call(buyer, ORDERS, { representations, after: 'bm90LWEtY3Vyc29y' });
    assert.deepEqual(codesOf(foreignCursor), ['BAD_USER_INPUT']);
    const stranger = await orders.call(uniqueUser(), ORDERS, { representations });
    assert.deepEqual(codesOf(stranger), ['FORBIDDEN']);
  });

  test('requests without a gateway signature are refused', async () => {
    const response = await fetch(orders.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-fcfs-user-id': 'someone',
        'x-fcfs-user-role': 'ADMIN',
      },
      body: JSON.stringify({ query: '{ _service { sdl } }' }),
    });
    assert.equal(response.status, 401);
  });

  test('the schema declares the subscription the gateway serves', async () => {
    const result = await orders.call<{ _service: { sdl: string } }>(null, '{ _service { sdl } }');
    assert.match(result.data?._service.sdl ?? '', /orderStatusChanged\(orderId: ID\): Order!/);
  });
});
