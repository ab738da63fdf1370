import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { stockKeys } from '@fcfs/shared';
import {
  admin,
  codesOf,
  ORDER_FIELDS,
  type Orders,
  type OrderView,
  startTestOrders,
  uniqueUser,
} from './orders-harness.ts';

let orders: Orders;
before(async () => {
  orders = await startTestOrders();
});
after(() => orders.close());

const CART_FIELDS = 'totalQuantity items { product { id } quantity }';
const ADD = /* GraphQL */ `
  mutation($productId: ID!, $quantity: Int!) { addToCart(productId: $productId, quantity: $quantity) { ${CART_FIELDS} } }
`;
const UPDATE = /* GraphQL */ `
  mutation($productId: ID!, $quantity: Int!) { updateCartItem(productId: $productId, quantity: $quantity) { ${CART_FIELDS} } }
`;
const REMOVE = /* GraphQL */ `
  mutation($productId: ID!) { removeFromCart(productId: $productId) { ${CART_FIELDS} } }
`;
const CART_OF = /* GraphQL */ `
  query($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { cart { ${CART_FIELDS} } } } }
`;
const CHECKOUT = /* GraphQL */ `
  mutation($productIds: [ID!], $idempotencyKey: String!) {
    checkoutCart(productIds: $productIds, idempotencyKey: $idempotencyKey) { ${ORDER_FIELDS} }
  }
`;

type Cart = { totalQuantity: number; items: { product: { id: string }; quantity: number }[] };
const line = (productId: string, quantity: number) => ({ product: { id: productId }, quantity });

test('cart lines add up, change, disappear at 0 and on removal', async () => {
  const a = await orders.publishProduct();
  const b = await orders.publishProduct();
  const buyer = uniqueUser();
  await orders.call(buyer, ADD, { productId: a.productId, quantity: 1 });
  await orders.call(buyer, ADD, { productId: b.productId, quantity: 2 });
  const added = await orders.call<{ addToCart: Cart }>(buyer, ADD, { productId: a.productId, quantity: 2 });
  assert.deepEqual(added, {
    status: 200,
    data: { addToCart: { totalQuantity: 5, items: [line(a.productId, 3), line(b.productId, 2)] } },
  });
  const updated = await orders.call(buyer, UPDATE, { productId: b.productId, quantity: 4 });
  assert.deepEqual(updated.data, {
    updateCartItem: { totalQuantity: 7, items: [line(a.productId, 3), line(b.productId, 4)] },
  });
  const zeroed = await orders.call(buyer, UPDATE, { productId: a.productId, quantity: 0 });
  assert.deepEqual(zeroed.data, { updateCartItem: { totalQuantity: 4, items: [line(b.productId, 4)] } });
  const removed = await orders.call(buyer, REMOVE, { productId: b.productId });
  assert.deepEqual(removed.data, { removeFromCart: { totalQuantity: 0, items: [] } });
  const removedAgain = await orders.call(buyer, REMOVE, { productId: b.productId });
  assert.deepEqual(removedAgain.data, { removeFromCart: { totalQuantity: 0, items: [] } });
});

test('unknown products, bad quantities and strangers are refused with their codes', async () => {
  const product = await orders.publishProduct();
  const buyer = uniqueUser();
  const unknown = await orders.call(buyer, ADD, { productId: '999999999999998', quantity: 1 });
  assert.deepEqual(unknown, {
    status: 200,
    data: null,
    errors: [
      {
        message: 'Product 999999999999998 not found',
        path: ['addToCart'],
        extensions: { code: 'NOT_FOUND' },
      },
    ],
  });
  const fields = async (query: string, variables: Record<string, unknown>) =>
    (await orders.call(buyer, query, variables)).errors?.map((error) => [
      error.extensions?.code,
      error.extensions?.field,
    ]);
  assert.deepEqual(await fields(ADD, { productId: product.productId, quantity: 0 }), [
    ['BAD_USER_INPUT', 'quantity'],
  ]);
  assert.deepEqual(await fields(ADD, { productId: product.productId, quantity: 100 }), [
    ['BAD_USER_INPUT', 'quantity'],
  ]);
  assert.deepEqual(await fields(UPDATE, { productId: product.productId, quantity: -1 }), [
    ['BAD_USER_INPUT', 'quantity'],
  ]);
  await orders.call(buyer, ADD, { productId: product.productId, quantity: 90 });
  assert.deepEqual(await fields(ADD, { productId: product.productId, quantity: 10 }), [
    ['BAD_USER_INPUT', 'quantity'],
  ]);
  assert.deepEqual(codesOf(await orders.call(buyer, UPDATE, { productId: '12345', quantity: 1 })), [
    'NOT_FOUND',
  ]);
  assert.deepEqual(codesOf(await orders.call(null, ADD, { productId: product.productId, quantity: 1 })), [
    'UNAUTHENTICATED',
  ]);

  const representations = [{ __typename: 'User', id: buyer.id }];
  assert.deepEqual(codesOf(await orders.call(uniqueUser(), CART_OF, { representations })), ['FORBIDDEN']);
  const asAdmin = await orders.call(admin, CART_OF, { representations });
  assert.deepEqual(asAdmin.data, {
    _entities: [{ cart: { totalQuantity: 90, items: [line(product.productId, 90)] } }],
  });
});

test('checkoutCart orders the chosen lines, removes them from the cart, and is idempotent', async () => {
  const a = await orders.publishProduct({ price: 1_000, available: 5 });
  const b = await orders.publishProduct({ price: 2_000, available: 5 });
  const c = await orders.publishProduct({ price: 4_000, available: 5 });
  const buyer = uniqueUser();
  for (const [productId, quantity] of [
    [a.productId, 1],
    [b.productId, 2],
    [c.productId, 1],
  ] as const) {
    await orders.call(buyer, ADD, { productId, quantity });
  }
  const idempotencyKey = randomUUID();
  type Checkout = { checkoutCart: OrderView };
  const ordered = await orders.call<Checkout>(buyer, CHECKOUT, {
    productIds: [a.productId, b.productId],
    idempotencyKey,
  });
  assert.equal(ordered.errors, undefined, JSON.stringify(ordered.errors));
  assert.equal(ordered.data?.checkoutCart.totalPrice, 5_000);
  assert.equal(ordered.data?.checkoutCart.status, 'PAYMENT_PENDING');
  const representations = [{ __typename: 'User', id: buyer.id }];
  const left = await orders.call(buyer, CART_OF, { representations });
  assert.deepEqual(left.data, { _entities: [{ cart: { totalQuantity: 1, items: [line(c.productId, 1)] } }] });

  const retried = await orders.call<Checkout>(buyer, CHECKOUT, { productIds: [a.productId], idempotencyKey });
  assert.equal(retried.data?.checkoutCart.id, ordered.data?.checkoutCart.id);
  assert.equal((await orders.levels(b.productId)).available, 3);

  const notInCart = await orders.call(buyer, CHECKOUT, {
    productIds: [a.productId],
    idempotencyKey: randomUUID(),
  });
  assert.deepEqual(
    notInCart.errors?.map((error) => [error.extensions?.code, error.extensions?.field]),
    [['BAD_USER_INPUT', 'productIds']],
  );
  const whole = await orders.call<Checkout>(buyer, CHECKOUT, { idempotencyKey: randomUUID() });
  assert.equal(whole.data?.checkoutCart.totalPrice, 4_000);
  const empty = await orders.call(buyer, CHECKOUT, { idempotencyKey: randomUUID() });
  assert.deepEqual(codesOf(empty), ['BAD_USER_INPUT']);
});

test('Cart.totalPrice is each line at its current price, and checking the cart out costs exactly that', async () => {
  const a = await orders.publishProduct({ price: 1_500, available: 5 });
  const b = await orders.publishProduct({ price: 2_000, available: 5 });
  const buyer = uniqueUser();
  const TOTAL = 'totalPrice totalQuantity';
  const add = (productId: string, quantity: number) =>
    orders.call<{ addToCart: { totalPrice: number; totalQuantity: number } }>(
      buyer,
      /* GraphQL */ `mutation($productId: ID!, $quantity: Int!) { addToCart(productId: $productId, quantity: $quantity) { ${TOTAL} } }`,
      { productId, quantity },
    );
  const cartOf = async (viewer = buyer) =>
    orders.call<{ _entities: { cart: { totalPrice: number; totalQuantity: number } }[] }>(
      viewer,
      /* GraphQL */ `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { cart { ${TOTAL} } } } }`,
      { representations: [{ __typename: 'User', id: buyer.id }] },
    );

  assert.deepEqual((await cartOf()).data, { _entities: [{ cart: { totalPrice: 0, totalQuantity: 0 } }] });
  assert.deepEqual((await add(a.productId, 2)).data, { addToCart: { totalPrice: 3_000, totalQuantity: 2 } });
  assert.deepEqual((await add(b.productId, 3)).data, { addToCart: { totalPrice: 9_000, totalQuantity: 5 } });

  // Catalog publishes a new price: the cart follows it at once, for the buyer and for an admin.
  await orders.stock.publish({ ...b, price: 2_500 });
  assert.deepEqual((await cartOf()).data, {
    _entities: [{ cart: { totalPrice: 10_500, totalQuantity: 5 } }],
  });
  assert.deepEqual((await cartOf(admin)).data, {
    _entities: [{ cart: { totalPrice: 10_500, totalQuantity: 5 } }],
  });

  // With a product's sale metadata gone (a Redis loss), no total is made up.
  const metadata = await orders.redis.hgetall(stockKeys(a.productId).meta);
  await orders.redis.del(stockKeys(a.productId).meta);
  try {
    assert.deepEqual(codesOf(await cartOf()), ['TEMPORARILY_UNAVAILABLE']);
  } finally {
    await orders.redis.hset(stockKeys(a.productId).meta, metadata);
  }

  const ordered = await orders.call<{ checkoutCart: OrderView }>(buyer, CHECKOUT, {
    idempotencyKey: randomUUID(),
  });
  assert.equal(ordered.errors, undefined, JSON.stringify(ordered.errors));
  assert.equal(ordered.data?.checkoutCart.totalPrice, 10_500);
  assert.deepEqual((await cartOf()).data, { _entities: [{ cart: { totalPrice: 0, totalQuantity: 0 } }] });
});

test('a rejected checkout leaves the cart as it was', async () => {
  const soldOut = await orders.publishProduct({ available: 1 });
  const buyer = uniqueUser();
  await orders.call(buyer, ADD, { productId: soldOut.productId, quantity: 2 });
  const result = await orders.call(buyer, CHECKOUT, { idempotencyKey: randomUUID() });
  assert.deepEqual(codesOf(result), ['OUT_OF_STOCK']);
  const cart = await orders.call(buyer, CART_OF, { representations: [{ __typename: 'User', id: buyer.id }] });
  assert.deepEqual(cart.data, {
    _entities: [{ cart: { totalQuantity: 2, items: [line(soldOut.productId, 2)] } }],
  });
});

test('a rush of buyers adding the same product at once: every add lands, none is lost to a deadlock', async () => {
  const products = await Promise.all([1, 2, 3].map(() => orders.publishProduct({ available: 100 })));
  const buyers = Array.from({ length: 60 }, () => uniqueUser('rush'));
  const results = await Promise.all(
    buyers.flatMap((buyer) =>
      products.map(({ productId }) =>
        orders.call<{ addToCart: Cart }>(buyer, ADD, { productId, quantity: 1 }),
      ),
    ),
  );
  assert.deepEqual(
    results.filter((result) => result.errors),
    [],
  );
  // One buyer adding to one line from many tabs at once: the quantities add up.
  const [first] = products;
  const tabs = uniqueUser('tabs');
  await Promise.all(
    Array.from({ length: 8 }, () => orders.call(tabs, ADD, { productId: first?.productId, quantity: 1 })),
  );
  const cart = await orders.call<{ _entities: { cart: Cart }[] }>(admin, CART_OF, {
    representations: [{ __typename: 'User', id: tabs.id }],
  });
  assert.deepEqual(cart.data?._entities[0]?.cart, {
    totalQuantity: 8,
    items: [line(first?.productId ?? '', 8)],
  });
});
