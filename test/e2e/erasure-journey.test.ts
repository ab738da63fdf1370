import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createDatabase } from '@fcfs/shared';
import { mailsTo, readableInDump, requireTestEnv } from '@fcfs/shared/testing';
import {
  BUYER_PASSWORD,
  createProduct,
  dataOf,
  eventually,
  loginAdmin,
  signUpBuyer,
} from '../support/buyers.ts';
import { Platform } from '../support/platform.ts';

// Issue 15's journeys: a buyer orders to a new address and gets the PAID mail, then deletes the account.
let platform: Platform;
let adminToken: string;

before(async () => {
  platform = await Platform.start();
  adminToken = await loginAdmin(platform);
});
after(() => platform?.close());

const ORDER = /* GraphQL */ `query($id: ID!) { order(id: $id) { id status shippingAddress } }`;
type OrderView = { id: string; status: string; shippingAddress: string | null };

test('a buyer orders to a new address, gets the PAID mail, deletes the account, and no dump shows them', async () => {
  const productId = await createProduct(platform, adminToken, { name: `erasure ${randomUUID()}`, stock: 5 });
  const buyer = await signUpBuyer(platform);
  const name = `Erin ${randomUUID().slice(0, 8)}`;
  const profileAddress = `${randomUUID().slice(0, 8)} Profile-ro, Seoul`;
  const newAddress = `${randomUUID().slice(0, 8)} Gift-gil, Busan`;
  dataOf(
    await platform.graphql(
      /* GraphQL */ `mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }`,
      { input: { name, address: profileAddress } },
      buyer.accessToken,
    ),
  );

  const placed = dataOf(
    await platform.graphql<{ placeOrder: { id: string; shippingAddress: string } }>(
      /* GraphQL */ `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id shippingAddress } }`,
      {
        input: {
          items: [{ productId, quantity: 1 }],
          idempotencyKey: randomUUID(),
          shippingAddress: newAddress,
        },
      },
      buyer.accessToken,
    ),
  ).placeOrder;
  assert.equal(placed.shippingAddress, newAddress);
  const paid = await eventually(
    async () =>
      dataOf(await platform.graphql<{ order: OrderView }>(ORDER, { id: placed.id }, buyer.accessToken)).order,
    (order) => order.status === 'PAID',
    30_000,
  );
  assert.deepEqual(paid, { id: placed.id, status: 'PAID', shippingAddress: newAddress });
  const mail = await eventually(
    async () => (await mailsTo(buyer.email)).find((caught) => caught.subject.includes(placed.id)),
    (found) => found !== undefined,
    // Behind whatever mails earlier runs queued in the shared test database.
    120_000,
  );
  assert.equal(mail?.subject, `Payment received (order ${placed.id})`);
  assert.ok(mail?.text.includes('Total: '));

  const deleted = await platform.graphql<{ deleteAccount: boolean }>(
    /* GraphQL */ `mutation($password: String!) { deleteAccount(password: $password) }`,
    { password: BUYER_PASSWORD },
    buyer.accessToken,
  );
  assert.deepEqual(deleted.data, { deleteAccount: true });
  const adminView = await eventually(
    async () =>
      dataOf(await platform.graphql<{ order: OrderView }>(ORDER, { id: placed.id }, adminToken)).order,
    (order) => order.shippingAddress === null,
    30_000,
  );
  // The order stays, moving on through its lifecycle (SHIP_AFTER is 2 s here) without its address.
  assert.deepEqual(
    { ...adminView, status: ['PAID', 'SHIPPING', 'DELIVERED'].includes(adminView.status) },
    { id: placed.id, status: true, shippingAddress: null },
    `the order stays (${adminView.status})`,
  );

  const needles = [buyer.email, name, profileAddress, newAddress];
  for (const variable of ['USERS_DATABASE_URL', 'ORDERS_DATABASE_URL', 'PAYMENTS_DATABASE_URL']) {
    const database = createDatabase(requireTestEnv(variable), {}, { connectionLimit: 1 });
    try {
      assert.deepEqual(await readableInDump(database.db, needles), [], variable);
    } finally {
      await database.close();
    }
  }
});
