import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { OrderStatus, Viewer } from '@fcfs/shared';
import { sql } from 'drizzle-orm';
import { type OrderDeskFilter, orderDeskPageQuery } from '../src/db/order-desk-repository.ts';
import { insertOrders } from '../src/db/orders-repository.ts';
import { orderIdFor } from '../src/domain/order-id.ts';
import { admin, type Orders, startTestOrders, uniqueProductId, uniqueUser } from './orders-harness.ts';

let orders: Orders;
before(async () => {
  orders = await startTestOrders();
});
after(() => orders.close());

const DESK = /* GraphQL */ `
  query Desk($filter: OrderFilter, $first: Int, $after: String) {
    orders(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id status createdAt } }
    }
  }
`;

interface DeskPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: { id: string; status: OrderStatus; createdAt: string } }[];
}

const desk = async (viewer: Viewer | null, variables: Record<string, unknown>) => {
  const result = await orders.call<{ orders: DeskPage }>(viewer, DESK, variables);
  if (!result.data) throw new Error(`the desk refused: ${JSON.stringify(result.errors)}`);
  return result.data.orders;
};

const idsOf = (page: DeskPage) => page.edges.map((edge) => edge.node.id);

interface Seed {
  userId: string;
  productIds: string[];
  status?: OrderStatus;
  createdAt: Date;
}

/** Writes orders through the repository the order writer uses, at chosen placement times. */
async function seed(seeds: Seed[]): Promise<string[]> {
  const rows = seeds.map(({ userId, status = 'PAID', createdAt }) => {
    const idempotencyKey = randomUUID();
    return {
      id: orderIdFor(userId, idempotencyKey),
      userId,
      status,
      totalPrice: 1_000,
      paymentMethod: null,
      idempotencyKey,
      createdAt,
      updatedAt: createdAt,
      statusChangedAt: createdAt,
      reservedUntil: createdAt,
      paidAt: null,
      deliveredAt: null,
    };
  });
  const items = rows.flatMap((row, index) =>
    (seeds[index]?.productIds ?? []).map((productId) => ({
      orderId: row.id,
      productId,
      quantity: 1,
      unitPrice: 1_000,
    })),
  );
  for (let start = 0; start < rows.length; start += 500) {
    const chunk = rows.slice(start, start + 500);
    const ids = new Set(chunk.map((row) => row.id));
    await insertOrders(
      orders.deps.db,
      chunk,
      items.filter((item) => ids.has(item.orderId)),
    );
  }
  return rows.map((row) => row.id);
}

/** A moment in 2001, far from every other test's orders, so a time window sees only this test's. */
const distantPast = () => new Date(Date.UTC(2001, 0, 1) + Math.floor(Math.random() * 300 * 86_400_000));
const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1_000);

describe('admin order desk', () => {
  test('each filter, alone and combined, finds exactly its orders, newest placement first', async () => {
    const base = distantPast();
    const [p1, p2] = [uniqueProductId(), uniqueProductId()];
    const [u1, u2] = [uniqueUser().id, uniqueUser().id];
    const [o1, o2, o3, o4] = await seed([
      { userId: u1, productIds: [p1], status: 'PAID', createdAt: at(base, 1) },
      { userId: u1, productIds: [p2], status: 'PAYMENT_PENDING', createdAt: at(base, 2) },
      { userId: u2, productIds: [p1, p2], status: 'PAID', createdAt: at(base, 3) },
      { userId: u2, productIds: [p2], status: 'CANCELLED', createdAt: at(base, 4) },
    ]);
    const window = { placedAfter: base.toISOString(), placedBefore: at(base, 60).toISOString() };
    const cases: [Record<string, unknown>, (string | undefined)[]][] = [
      [{ productId: p1 }, [o3, o1]],
      [{ productId: p2 }, [o4, o3, o2]],
      [{ userId: u1 }, [o2, o1]],
      [{ status: 'PAID', ...window }, [o3, o1]],
      [window, [o4, o3, o2, o1]],
      [{ placedAfter: at(base, 2).toISOString(), placedBefore: at(base, 4).toISOString() }, [o3, o2]],
      [{ productId: p2, userId: u2 }, [o4, o3]],
      [{ productId: p2, status: 'CANCELLED' }, [o4]],
      [{ userId: u2, status: 'PAID', placedAfter: at(base, 3).toISOString() }, [o3]],
      [{ userId: u1, status: 'CANCELLED' }, []],
    ];
    for (const [filter, expected] of cases) {
      const page = await desk(admin, { filter, first: 10 });
      assert.deepEqual(
        { ids: idsOf(page), totalCount: page.totalCount, hasNextPage: page.pageInfo.hasNextPage },
        { ids: expected, totalCount: expected.length, hasNextPage: false },
        JSON.stringify(filter),
      );
    }
    const first = await desk(admin, { filter: { productId: p2 }, first: 2 });
    assert.deepEqual([idsOf(first), first.pageInfo.hasNextPage], [[o4, o3], true]);
    const rest = await desk(admin, { filter: { productId: p2 }, first: 2, after: first.pageInfo.endCursor });
    assert.deepEqual([idsOf(rest), rest.pageInfo.hasNextPage], [[o2], false]);
  });

  test('a customer gets FORBIDDEN and an anonymous caller UNAUTHENTICATED, with no data', async () => {
    const customer = await orders.call(uniqueUser(), DESK, { first: 1 });
    assert.deepEqual(customer, {
      status: 200,
      data: null,
      errors: [{ message: 'Only an admin can do this', path: ['orders'], extensions: { code: 'FORBIDDEN' } }],
    });
    const anonymous = await orders.call(null, DESK, { first: 1 });
    assert.deepEqual(
      anonymous.errors?.map((error) => error.extensions?.code),
      ['UNAUTHENTICATED'],
    );
    assert.equal(anonymous.data ?? null, null);
  });

  test('bad arguments are BAD_USER_INPUT naming the field', async () => {
    const refusal = (message: string, field: string) => ({
      status: 200,
      data: null,
      errors: [{ message, path: ['orders'], extensions: { code: 'BAD_USER_INPUT', field } }],
    });
    const cases: [Record<string, unknown>, ReturnType<typeof refusal>][] = [
      [
        { filter: { placedAfter: '2026-01-02T00:00:00.000Z', placedBefore: '2026-01-01T00:00:00.000Z' } },
        refusal('filter.placedBefore: must be later than placedAfter', 'filter.placedBefore'),
      ],
      [
        { filter: { placedAfter: '2026-01-01T00:00:00.000Z', placedBefore: '2026-01-01T00:00:00.000Z' } },
        refusal('filter.placedBefore: must be later than placedAfter', 'filter.placedBefore'),
      ],
      [{ first: 101 }, refusal('first must be between 0 and 100', 'first')],
      [{ first: -1 }, refusal('first must be between 0 and 100', 'first')],
      [
        { filter: { productId: 'p 1' } },
        refusal('filter.productId: productId is malformed', 'filter.productId'),
      ],
      [{ filter: { userId: "x' OR 1=1" } }, refusal('filter.userId: is malformed', 'filter.userId')],
      [{ after: 'not-a-cursor' }, refusal('after is not a cursor from this list', 'after')],
      [
        { after: Buffer.from('c1:42').toString('base64url') },
        refusal('after is not a cursor from this list', 'after'),
      ],
    ];
    for (const [variables, expected] of cases) {
      assert.deepEqual(await orders.call(admin, DESK, variables), expected, JSON.stringify(variables));
    }
  });

  // Bounds, so a desk that never reaches its last page fails instead of paging (and inserting) forever.
  const MAX_PAGES = 50;
  const MAX_PLACED = 300;
  for (const [label, scope] of [
    ['a product', 'product'],
    ['a buyer', 'buyer'],
    ['a status in a time window', 'window'],
  ] as const) {
    test(`pages of ${label} have no gaps or repeats while orders are placed concurrently`, async () => {
      const base = distantPast();
      const product = await orders.publishProduct({ available: 500, purchaseLimit: 99 });
      const buyer = uniqueUser();
      const filter: Record<string, unknown> =
        scope === 'product'
          ? { productId: product.productId }
          : scope === 'buyer'
            ? { userId: buyer.id }
            : {
                status: 'PAID',
                placedAfter: base.toISOString(),
                placedBefore: at(base, 3_600).toISOString(),
              };
      const order = (createdAt: Date): Seed => ({
        userId: scope === 'buyer' ? buyer.id : uniqueUser().id,
        productIds: [product.productId],
        status: 'PAID',
        createdAt,
      });
      // Three orders share each placement time, so page boundaries fall inside ties broken by id.
      const existing = await seed(
        Array.from({ length: 60 }, (_, index) => order(at(base, 30 + Math.floor(index / 3)))),
      );

      let paging = true;
      const placed: string[] = [];
      const inserting = (async () => {
        while (paging && placed.length < MAX_PLACED) {
          // Older than every existing order, newer than all, and into the stretch already paged.
          placed.push(...(await seed([order(at(base, 1)), order(at(base, 30 + Math.random() * 20))])));
          if (scope !== 'window') placed.push((await orders.placeOne(product.productId, { buyer })).id);
        }
      })();
      const seen: DeskPage['edges'] = [];
      let cursor: string | null = null;
      let pages = 0;
      try {
        do {
          const page: DeskPage = await desk(admin, { filter, first: 7, after: cursor });
          seen.push(...page.edges);
          cursor = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
          pages += 1;
        } while (cursor && pages < MAX_PAGES);
      } finally {
        paging = false;
        await inserting;
      }

      const ids = seen.map((edge) => edge.node.id);
      assert.equal(cursor, null, `the last page came within ${MAX_PAGES} pages`);
      assert.ok(placed.length > 0, 'orders were placed while the desk paged');
      assert.equal(new Set(ids).size, ids.length, 'no order is listed twice');
      assert.deepEqual(
        existing.filter((id) => !ids.includes(id)),
        [],
        'every order placed before paging began is listed',
      );
      const positions = seen.map((edge) => [Date.parse(edge.node.createdAt), edge.node.id] as const);
      for (const [index, [time, id]] of positions.entries()) {
        const [nextTime, nextId] = positions[index + 1] ?? [Number.NEGATIVE_INFINITY, ''];
        assert.ok(time > nextTime || (time === nextTime && id > nextId), `order ${id} is out of place`);
      }
    });
  }

  test('EXPLAIN: each filter walks its own index, without a sort', async () => {
    const base = distantPast();
    const products = Array.from({ length: 10 }, () => uniqueProductId());
    const buyers = Array.from({ length: 20 }, () => uniqueUser().id);
    const statuses: OrderStatus[] = ['PAID', 'PAYMENT_PENDING', 'CANCELLED', 'DELIVERED'];
    await seed(
      Array.from({ length: 2_000 }, (_, index) => ({
        userId: buyers[index % buyers.length] ?? '',
        productIds: [products[index % products.length] ?? ''],
        status: statuses[index % statuses.length] ?? 'PAID',
        createdAt: at(base, index),
      })),
    );
    await orders.deps.db.execute(sql`ANALYZE TABLE orders, order_items`);

    const position = { placedAt: at(base, 1_000), id: randomUUID() };
    const cases: [string, OrderDeskFilter, string][] = [
      ['productId', { productId: products[3] }, 'order_items_product_placed_idx'],
      ['userId', { userId: buyers[5] }, 'orders_user_created_idx'],
      ['status', { status: 'CANCELLED' }, 'orders_status_created_idx'],
      [
        'placedAfter/placedBefore',
        { placedAfter: base, placedBefore: at(base, 1_500) },
        'orders_created_idx',
      ],
      ['no filter', {}, 'orders_created_idx'],
    ];
    for (const [label, filter, index] of cases) {
      for (const after of [undefined, position]) {
        const page = orderDeskPageQuery(orders.deps.db, filter, after, 21).getSQL();
        const [plan] = await orders.deps.db.execute(sql.join([sql.raw('EXPLAIN '), page]));
        const [driving] = plan as unknown as { table: string; key: string | null; Extra: string | null }[];
        assert.equal(
          driving?.key,
          index,
          `${label}${after ? ' after a cursor' : ''}: ${JSON.stringify(plan)}`,
        );
        assert.doesNotMatch(driving?.Extra ?? '', /filesort/, `${label}: ${JSON.stringify(plan)}`);
      }
    }
  });
});
