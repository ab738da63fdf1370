import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { codeFromMail, mailCount } from '@fcfs/shared/testing';
import {
  BUYER_PASSWORD,
  type Buyer,
  createProduct,
  dataOf,
  eventually,
  loginAdmin,
  signUpBuyer,
} from '../support/buyers.ts';
import { Platform } from '../support/platform.ts';
import { watchOrderStatus } from '../support/subscription.ts';

// A client app's journeys, through the gateway only, against the real processes of every service.
let platform: Platform;
let adminToken: string;

before(async () => {
  platform = await Platform.start({ orders: { SHIP_AFTER: '4s' } });
  adminToken = await loginAdmin(platform);
});
after(() => platform?.close());

type OrderView = { id: string; status: string; payment: { status: string } | null };
const ORDER = /* GraphQL */ `query($id: ID!) { order(id: $id) { id status payment { status } } }`;
const PRODUCT = /* GraphQL */ `query($id: ID!) { product(id: $id) { stock availableStock } }`;

async function orderOf(buyer: Buyer, id: string): Promise<OrderView | null> {
  return dataOf(await platform.graphql<{ order: OrderView | null }>(ORDER, { id }, buyer.accessToken)).order;
}

async function waitForStatus(
  buyer: Buyer,
  id: string,
  status: string,
  timeoutMs = 30_000,
): Promise<OrderView | null> {
  return eventually(
    () => orderOf(buyer, id),
    (order) => order?.status === status,
    timeoutMs,
  );
}

async function stockOf(productId: string) {
  return dataOf(
    await platform.graphql<{ product: { stock: number; availableStock: number } }>(PRODUCT, {
      id: productId,
    }),
  ).product;
}

async function placeOrder(buyer: Buyer, productId: string, paymentMethod?: string) {
  return platform.graphql<{ placeOrder: { id: string; status: string } }>(
    /* GraphQL */ `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id status } }`,
    { input: { items: [{ productId, quantity: 1 }], idempotencyKey: randomUUID(), paymentMethod } },
    buyer.accessToken,
  );
}

describe('buyer journeys through the gateway', () => {
  test('sign up, browse, cart, checkout, watch the order to delivery, return it and get refunded', async () => {
    const productName = `journey ${randomUUID()}`;
    const productId = await createProduct(platform, adminToken, { name: productName, stock: 5 });
    const signedUp = await signUpBuyer(platform);
    const { login } = dataOf(
      await platform.graphql<{ login: { accessToken: string } }>(
        `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`,
        { email: signedUp.email, password: BUYER_PASSWORD },
      ),
    );
    const buyer = { ...signedUp, accessToken: login.accessToken };

    const shelf = dataOf(
      await platform.graphql<{ products: { edges: { node: { id: string; saleStatus: string } }[] } }>(
        `{ products(first: 100, filter: { saleStatus: [ON_SALE] }) { edges { node { id saleStatus } } } }`,
      ),
    );
    assert.ok(shelf.products.edges.some((edge) => edge.node.id === productId));

    const watch = watchOrderStatus(
      platform.gatewayUrl,
      buyer.accessToken,
      'id status items { product { name } } payment { status }',
    );
    await watch.subscribed;
    await new Promise((resolve) => setTimeout(resolve, 500));

    const cart = dataOf(
      await platform.graphql<{ addToCart: { items: { quantity: number }[] } }>(
        `mutation($id: ID!) { addToCart(productId: $id, quantity: 1) { items { quantity } } }`,
        { id: productId },
        buyer.accessToken,
      ),
    );
    assert.deepEqual(cart.addToCart.items, [{ quantity: 1 }]);
    const { checkoutCart } = dataOf(
      await platform.graphql<{ checkoutCart: { id: string; status: string } }>(
        `mutation($key: String!) { checkoutCart(idempotencyKey: $key) { id status } }`,
        { key: randomUUID() },
        buyer.accessToken,
      ),
    );
    assert.equal(checkoutCart.status, 'PAYMENT_PENDING');
    const emptied = dataOf(
      await platform.graphql<{ me: { cart: { items: unknown[] } } }>(
        `{ me { cart { items { quantity } } } }`,
        {},
        buyer.accessToken,
      ),
    );
    assert.deepEqual(emptied.me.cart.items, []);

    assert.equal((await waitForStatus(buyer, checkoutCart.id, 'DELIVERED'))?.status, 'DELIVERED');
    const seen = await eventually(
      async () => watch.events.filter((event) => event.id === checkoutCart.id).map((event) => event.status),
      (statuses) => statuses.includes('DELIVERED'),
    );
    assert.deepEqual(seen, ['PAYMENT_PENDING', 'PAID', 'SHIPPING', 'DELIVERED']);
    const delivered = watch.events.find((event) => event.status === 'DELIVERED');
    assert.deepEqual(delivered?.items, [{ product: { name: productName } }]);
    assert.deepEqual(delivered?.payment, { status: 'SUCCEEDED' });
    assert.deepEqual(await stockOf(productId), { stock: 4, availableStock: 4 });

    const returned = await platform.graphql<{ requestReturn: { status: string } }>(
      `mutation($id: ID!) { requestReturn(id: $id, reason: "too small") { status } }`,
      { id: checkoutCart.id },
      buyer.accessToken,
    );
    assert.deepEqual(returned.data, { requestReturn: { status: 'RETURN_REQUESTED' } });
    const final = await eventually(
      () => orderOf(buyer, checkoutCart.id),
      (order) => order?.status === 'RETURNED' && order.payment?.status === 'REFUNDED',
    );
    assert.deepEqual(final, { id: checkoutCart.id, status: 'RETURNED', payment: { status: 'REFUNDED' } });
    assert.deepEqual(
      await eventually(
        () => stockOf(productId),
        (stock) => stock.stock === 5,
      ),
      { stock: 5, availableStock: 5 },
    );
    await watch.close();
    assert.deepEqual(watch.errors, []);
  });

  test('cancel after payment but before shipping: refunded and back on the shelf', async () => {
    const productId = await createProduct(platform, adminToken, { name: `cancel ${randomUUID()}`, stock: 3 });
    const buyer = await signUpBuyer(platform);
    const placed = dataOf(await placeOrder(buyer, productId)).placeOrder;
    assert.equal((await waitForStatus(buyer, placed.id, 'PAID'))?.status, 'PAID');
    const cancelled = await platform.graphql(
      `mutation($id: ID!) { cancelOrder(id: $id) { status } }`,
      { id: placed.id },
      buyer.accessToken,
    );
    assert.deepEqual(cancelled.data, { cancelOrder: { status: 'CANCELLED' } });
    const final = await eventually(
      () => orderOf(buyer, placed.id),
      (order) => order?.payment?.status === 'REFUNDED',
    );
    assert.deepEqual(final, { id: placed.id, status: 'CANCELLED', payment: { status: 'REFUNDED' } });
    assert.deepEqual(
      await eventually(
        () => stockOf(productId),
        (stock) => stock.stock === 3 && stock.availableStock === 3,
      ),
      { stock: 3, availableStock: 3 },
    );
    const again = await platform.graphql(
      `mutation($id: ID!) { cancelOrder(id: $id) { status } }`,
      { id: placed.id },
      buyer.accessToken,
    );
    assert.deepEqual(
      again.errors?.map((error) => error.extensions?.code),
      ['INVALID_ORDER_STATE'],
    );
  });

  test('a declined payment fails the order and releases its unit', async () => {
    const productId = await createProduct(platform, adminToken, {
      name: `decline ${randomUUID()}`,
      stock: 1,
    });
    const buyer = await signUpBuyer(platform);
    const placed = dataOf(await placeOrder(buyer, productId, 'decline')).placeOrder;
    const failed = await waitForStatus(buyer, placed.id, 'PAYMENT_FAILED');
    assert.deepEqual(failed, { id: placed.id, status: 'PAYMENT_FAILED', payment: { status: 'FAILED' } });
    assert.deepEqual(await stockOf(productId), { stock: 1, availableStock: 1 });
    const other = await signUpBuyer(platform);
    const retry = dataOf(await placeOrder(other, productId)).placeOrder;
    assert.equal(retry.status, 'PAYMENT_PENDING');
  });

  test('refresh rotates the session; logout revokes the access token at the gateway', async () => {
    const buyer = await signUpBuyer(platform);
    const REFRESH = `mutation($token: String!) { refreshToken(refreshToken: $token) { accessToken refreshToken } }`;
    const { refreshToken: rotated } = dataOf(
      await platform.graphql<{ refreshToken: { accessToken: string; refreshToken: string } }>(REFRESH, {
        token: buyer.refreshToken,
      }),
    );
    const me = await platform.graphql(`{ me { id } }`, {}, rotated.accessToken);
    assert.deepEqual(me.data, { me: { id: buyer.id } });

    assert.deepEqual((await platform.graphql(`mutation { logout }`, {}, rotated.accessToken)).data, {
      logout: true,
    });
    const afterLogout = await platform.graphql(`{ me { id } }`, {}, rotated.accessToken);
    assert.deepEqual(
      afterLogout.errors?.map((error) => error.extensions?.code),
      ['UNAUTHENTICATED'],
    );
    const refreshAfterLogout = await platform.graphql(REFRESH, { token: rotated.refreshToken });
    assert.deepEqual(
      refreshAfterLogout.errors?.map((error) => error.extensions?.code),
      ['UNAUTHENTICATED'],
    );
  });

  test('a buyer resets a password: the mailed code sets a new one and every old session ends', async () => {
    const buyer = await signUpBuyer(platform);
    const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`;
    const REQUEST = `mutation($email: String!) { requestPasswordReset(email: $email) }`;
    const RESET = `mutation($email: String!, $code: String!, $newPassword: String!) {
      resetPassword(email: $email, code: $code, newPassword: $newPassword)
    }`;
    const newPassword = 'a brand new passphrase';

    const mailsBefore = await mailCount(buyer.email);
    assert.deepEqual(dataOf(await platform.graphql(REQUEST, { email: buyer.email })), {
      requestPasswordReset: true,
    });
    // An address without an account gets the same answer.
    assert.deepEqual(
      dataOf(await platform.graphql(REQUEST, { email: `nobody-${randomUUID()}@buyers.fcfs.test` })),
      {
        requestPasswordReset: true,
      },
    );
    const code = await codeFromMail(buyer.email, mailsBefore + 1, 30_000);

    const wrong = await platform.graphql(RESET, {
      email: buyer.email,
      code: code === '000000' ? '111111' : '000000',
      newPassword,
    });
    assert.deepEqual(
      wrong.errors?.map((error) => [error.extensions?.code, error.extensions?.field]),
      [['BAD_USER_INPUT', 'code']],
    );
    assert.deepEqual(dataOf(await platform.graphql(RESET, { email: buyer.email, code, newPassword })), {
      resetPassword: true,
    });

    const oldToken = await platform.graphql(`{ me { id } }`, {}, buyer.accessToken);
    assert.deepEqual(
      oldToken.errors?.map((error) => error.extensions?.code),
      ['UNAUTHENTICATED'],
    );
    const oldRefresh = await platform.graphql(
      `mutation($token: String!) { refreshToken(refreshToken: $token) { accessToken } }`,
      { token: buyer.refreshToken },
    );
    assert.deepEqual(
      oldRefresh.errors?.map((error) => error.extensions?.code),
      ['UNAUTHENTICATED'],
    );
    const oldPassword = await platform.graphql(LOGIN, { email: buyer.email, password: BUYER_PASSWORD });
    assert.deepEqual(
      oldPassword.errors?.map((error) => error.extensions?.code),
      ['INVALID_CREDENTIALS'],
    );
    const { login } = dataOf(
      await platform.graphql<{ login: { accessToken: string } }>(LOGIN, {
        email: buyer.email,
        password: newPassword,
      }),
    );
    assert.deepEqual(dataOf(await platform.graphql(`{ me { id } }`, {}, login.accessToken)), {
      me: { id: buyer.id },
    });

    // The code worked once.
    const replay = await platform.graphql(RESET, {
      email: buyer.email,
      code,
      newPassword: 'another new passphrase',
    });
    assert.deepEqual(
      replay.errors?.map((error) => error.extensions?.code),
      ['BAD_USER_INPUT'],
    );
  });

  test('an admin finds the order of a buyer on the desk by product and by buyer; a buyer is refused at the gateway', async () => {
    const name = `desk ${randomUUID()}`;
    const productId = await createProduct(platform, adminToken, { name, stock: 2 });
    const buyer = await signUpBuyer(platform);
    const placed = dataOf(await placeOrder(buyer, productId)).placeOrder;
    const DESK = /* GraphQL */ `query($filter: OrderFilter) {
      orders(filter: $filter, first: 5) {
        totalCount
        edges { node { id user { id email } items { product { id name } quantity } } }
      }
    }`;
    const found = {
      orders: {
        totalCount: 1,
        edges: [
          {
            node: {
              id: placed.id,
              user: { id: buyer.id, email: buyer.email },
              items: [{ product: { id: productId, name }, quantity: 1 }],
            },
          },
        ],
      },
    };
    for (const filter of [{ productId }, { userId: buyer.id }]) {
      assert.deepEqual(dataOf(await platform.graphql(DESK, { filter }, adminToken)), found);
    }
    const backwards = await platform.graphql(
      DESK,
      { filter: { placedAfter: '2026-01-02T00:00:00.000Z', placedBefore: '2026-01-01T00:00:00.000Z' } },
      adminToken,
    );
    assert.deepEqual(
      backwards.errors?.map((error) => [error.extensions?.code, error.extensions?.field]),
      [['BAD_USER_INPUT', 'filter.placedBefore']],
    );
    const refused = await platform.graphql(DESK, { filter: { userId: buyer.id } }, buyer.accessToken);
    assert.deepEqual(
      refused.errors?.map((error) => error.extensions?.code),
      ['FORBIDDEN'],
    );
    const anonymous = await platform.graphql(DESK, {});
    assert.deepEqual(
      anonymous.errors?.map((error) => error.extensions?.code),
      ['UNAUTHENTICATED'],
    );
  });

  test('an admin finds a buyer by email and in the users pages; a buyer is refused at the gateway', async () => {
    const buyer = await signUpBuyer(platform);
    const BY_EMAIL = `query($email: String!) { userByEmail(email: $email) { id email role } }`;
    const USERS = `query($after: String) {
      users(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } }
    }`;
    assert.deepEqual(
      dataOf(await platform.graphql(BY_EMAIL, { email: buyer.email.toUpperCase() }, adminToken)),
      {
        userByEmail: { id: buyer.id, email: buyer.email, role: 'CUSTOMER' },
      },
    );
    type UsersPage = {
      users: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        edges: { node: { id: string } }[];
      };
    };
    const first = dataOf(await platform.graphql<UsersPage>(USERS, {}, adminToken)).users;
    assert.ok(
      first.edges.some((edge) => edge.node.id === buyer.id),
      'a new buyer is on the first page',
    );
    assert.ok(first.totalCount >= 2 && first.pageInfo.hasNextPage);
    const second = dataOf(
      await platform.graphql<UsersPage>(USERS, { after: first.pageInfo.endCursor }, adminToken),
    ).users;
    const firstIds = first.edges.map((edge) => Number(edge.node.id));
    assert.ok(second.edges.every((edge) => Number(edge.node.id) < Math.min(...firstIds)));

    for (const [query, variables] of [
      [BY_EMAIL, { email: buyer.email }],
      [USERS, {}],
    ] as const) {
      const refused = await platform.graphql(query, variables, buyer.accessToken);
      assert.deepEqual(
        refused.errors?.map((error) => error.extensions?.code),
        ['FORBIDDEN'],
      );
      const anonymous = await platform.graphql(query, variables);
      assert.deepEqual(
        anonymous.errors?.map((error) => error.extensions?.code),
        ['UNAUTHENTICATED'],
      );
    }

    // A new role ends the buyer's sessions at the gateway; the next login carries the role.
    const SET_ROLE = `mutation($userId: ID!, $role: Role!) { setUserRole(userId: $userId, role: $role) { id role } }`;
    const refused = await platform.graphql(SET_ROLE, { userId: buyer.id, role: 'ADMIN' }, buyer.accessToken);
    assert.deepEqual(
      refused.errors?.map((error) => error.extensions?.code),
      ['FORBIDDEN'],
    );
    assert.deepEqual(
      dataOf(await platform.graphql(SET_ROLE, { userId: buyer.id, role: 'ADMIN' }, adminToken)),
      {
        setUserRole: { id: buyer.id, role: 'ADMIN' },
      },
    );
    const revoked = await platform.graphql(`{ me { id } }`, {}, buyer.accessToken);
    assert.deepEqual(
      revoked.errors?.map((error) => error.extensions?.code),
      ['UNAUTHENTICATED'],
    );
    const { login } = dataOf(
      await platform.graphql<{ login: { accessToken: string } }>(
        `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`,
        { email: buyer.email, password: BUYER_PASSWORD },
      ),
    );
    assert.deepEqual(dataOf(await platform.graphql(BY_EMAIL, { email: buyer.email }, login.accessToken)), {
      userByEmail: { id: buyer.id, email: buyer.email, role: 'ADMIN' },
    });
  });
});
