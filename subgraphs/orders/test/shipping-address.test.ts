import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import {
  addressEventKey,
  createEvent,
  createKafkaPublisher,
  type EventPublisher,
  runConsumer,
  sealAddressEvent,
} from '@fcfs/shared';
import { readableInDump } from '@fcfs/shared/testing';
import { eq, inArray } from 'drizzle-orm';
import { buyerAddresses, buyerKeys, processedEvents } from '../src/db/schema/index.ts';
import { ordersEventHandling } from '../src/events/handlers.ts';
import { admin, codesOf, eventually, type Orders, startTestOrders, uniqueUser } from './orders-harness.ts';

let orders: Orders;
let consumer: Awaited<ReturnType<typeof runConsumer>>;
let publisher: EventPublisher;
const buyerIds: string[] = [];

before(async () => {
  orders = await startTestOrders();
  consumer = await runConsumer({
    kafka: orders.kafka,
    groupId: `orders-test-${randomUUID()}`,
    ...ordersEventHandling(orders.deps),
    logger: orders.deps.logger,
    fromBeginning: false,
  });
  publisher = await createKafkaPublisher(orders.kafka);
});
after(async () => {
  await publisher.close();
  await consumer.disconnect();
  if (buyerIds.length > 0) {
    await orders.deps.db.delete(buyerKeys).where(inArray(buyerKeys.userId, buyerIds));
    await orders.deps.db.delete(buyerAddresses).where(inArray(buyerAddresses.userId, buyerIds));
  }
  await orders.close();
});

const buyer = () => {
  const viewer = uniqueUser();
  buyerIds.push(viewer.id);
  return viewer;
};

/** What users publishes when a profile address is set. */
const addressChanged = (userId: string, address: string) =>
  createEvent('user.address-changed', userId, {
    userId,
    sealedAddress: sealAddressEvent(addressEventKey(orders.secret), userId, address),
  });

const PLACE = /* GraphQL */ `
  mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) { id shippingAddress } }
`;
const ORDER = /* GraphQL */ `query Order($id: ID!) { order(id: $id) { id shippingAddress } }`;
const CHECKOUT = /* GraphQL */ `
  mutation Checkout($key: String!, $address: String) {
    checkoutCart(idempotencyKey: $key, shippingAddress: $address) { id shippingAddress }
  }
`;
const ENTITIES = /* GraphQL */ `
  query Entities($representations: [_Any!]!) { _entities(representations: $representations) { ... on Order { id shippingAddress } } }
`;

type Placed = { placeOrder: { id: string; shippingAddress: string | null } };

test('an address given at placement is on the order, sealed at rest, read by the buyer and admins only', async () => {
  const product = await orders.publishProduct();
  const owner = buyer();
  const address = '12 Sejong-daero, Jongno-gu, Seoul\nBuilding 3, 4th floor';
  const placed = await orders.call<Placed>(owner, PLACE, {
    input: {
      items: [{ productId: product.productId, quantity: 1 }],
      idempotencyKey: randomUUID(),
      shippingAddress: address,
    },
  });
  assert.equal(placed.errors, undefined, JSON.stringify(placed.errors));
  const id = placed.data?.placeOrder.id;
  assert.ok(id);
  assert.equal(placed.data?.placeOrder.shippingAddress, address);

  const row = await orders.order(id);
  assert.match(row?.shippingAddressCiphertext ?? '', /^~u:/);
  assert.equal(row?.shippingAddressCiphertext?.includes('Sejong'), false);

  assert.deepEqual((await orders.call(admin, ORDER, { id })).data, {
    order: { id, shippingAddress: address },
  });
  // Someone else reaching the order through the entity resolver (e.g. a federated field) reads null.
  const stranger = await orders.call(uniqueUser('stranger'), ENTITIES, {
    representations: [{ __typename: 'Order', id }],
  });
  assert.deepEqual(stranger.data, { _entities: [null] });
});

test('without an address the order ships to the profile address users announced, applied once per event', async () => {
  const product = await orders.publishProduct();
  const owner = buyer();
  const moved = addressChanged(owner.id, '5 Eulji-ro, Jung-gu, Seoul');
  await publisher.publish([addressChanged(owner.id, '1 Old-ro, Seoul')]);
  await publisher.publish([moved, moved]);
  const book = await eventually(
    async () =>
      (await orders.deps.db.select().from(buyerAddresses).where(eq(buyerAddresses.userId, owner.id)))[0],
    (row) => row !== undefined && row.updatedAt.getTime() === new Date(moved.occurredAt).getTime(),
  );
  assert.match(book?.addressCiphertext ?? '', /^~u:/);
  const applied = await orders.deps.db
    .select()
    .from(processedEvents)
    .where(eq(processedEvents.eventId, moved.eventId));
  assert.equal(applied.length, 1);

  const placed = await orders.call<Placed>(owner, PLACE, {
    input: { items: [{ productId: product.productId, quantity: 1 }], idempotencyKey: randomUUID() },
  });
  assert.equal(placed.errors, undefined, JSON.stringify(placed.errors));
  assert.equal(
    placed.data?.placeOrder.shippingAddress,
    null,
    'the placed order is answered before the copy is read back',
  );
  const id = placed.data?.placeOrder.id ?? '';
  assert.deepEqual((await orders.call(owner, ORDER, { id })).data, {
    order: { id, shippingAddress: '5 Eulji-ro, Jung-gu, Seoul' },
  });
});

test('checkoutCart takes shippingAddress too, and a bad address is BAD_USER_INPUT naming the field, with no order', async () => {
  const product = await orders.publishProduct();
  const owner = buyer();
  const ADD = /* GraphQL */ `mutation Add($id: ID!) { addToCart(productId: $id, quantity: 1) { totalQuantity } }`;
  assert.equal((await orders.call(owner, ADD, { id: product.productId })).errors, undefined);

  for (const address of ['   ', 'x'.repeat(501), 'tab\there']) {
    const refused = await orders.call(owner, CHECKOUT, { key: randomUUID(), address });
    assert.deepEqual(codesOf(refused), ['BAD_USER_INPUT']);
    assert.match(JSON.stringify(refused.errors), /shippingAddress/);
    const placedRefused = await orders.call(owner, PLACE, {
      input: {
        items: [{ productId: product.productId, quantity: 1 }],
        idempotencyKey: randomUUID(),
        shippingAddress: address,
      },
    });
    assert.deepEqual(codesOf(placedRefused), ['BAD_USER_INPUT']);
    assert.match(JSON.stringify(placedRefused.errors), /input\.shippingAddress/);
  }
  assert.deepEqual(await orders.ordersOf([owner.id]), []);

  const checkedOut = await orders.call<{ checkoutCart: { id: string; shippingAddress: string } }>(
    owner,
    CHECKOUT,
    {
      key: randomUUID(),
      address: '9 Jong-ro, Seoul',
    },
  );
  assert.equal(checkedOut.data?.checkoutCart.shippingAddress, '9 Jong-ro, Seoul');
});

test('concurrent buyers placing in shared batches each get their own address, with one copy statement per batch', async () => {
  const product = await orders.publishProduct({ available: 100, purchaseLimit: 1 });
  const buyers = Array.from({ length: 40 }, () => buyer());
  await publisher.publish(buyers.map((viewer) => addressChanged(viewer.id, `Address of ${viewer.id}`)));
  await eventually(
    async () =>
      (
        await orders.deps.db
          .select()
          .from(buyerAddresses)
          .where(
            inArray(
              buyerAddresses.userId,
              buyers.map((b) => b.id),
            ),
          )
      ).length,
    (count) => count === buyers.length,
  );
  const before = orders.queries.length;
  const placed = await Promise.all(
    buyers.map((viewer, index) =>
      orders.call<Placed>(viewer, PLACE, {
        input: {
          items: [{ productId: product.productId, quantity: 1 }],
          idempotencyKey: randomUUID(),
          // Every fourth buyer types an address; the others take their address book entry.
          ...(index % 4 === 0 ? { shippingAddress: `Typed by ${viewer.id}` } : {}),
        },
      }),
    ),
  );
  const statements = orders.queries.slice(before);
  const copies = statements.filter((sql) => sql.includes('JOIN buyer_addresses')).length;
  const batches = statements.filter((sql) => sql.startsWith('insert into `orders`')).length;
  assert.ok(copies <= batches && copies >= 1, `${copies} copy statements for ${batches} batches`);
  assert.equal(
    statements.filter((sql) => sql.includes('from `buyer_addresses`')).length,
    0,
    'no order reads the address book on its own',
  );

  for (const [index, viewer] of buyers.entries()) {
    const id = placed[index]?.data?.placeOrder.id ?? '';
    const read = await orders.call<{ order: { shippingAddress: string } }>(viewer, ORDER, { id });
    assert.equal(
      read.data?.order.shippingAddress,
      index % 4 === 0 ? `Typed by ${viewer.id}` : `Address of ${viewer.id}`,
    );
  }
});

test('user.deleted destroys the buyer key: no shipping address of theirs is readable, and none comes back', async () => {
  const product = await orders.publishProduct();
  const owner = buyer();
  const typed = `Erasable ${randomUUID()} street`;
  const booked = `Booked ${randomUUID()} avenue`;
  await publisher.publish([addressChanged(owner.id, booked)]);
  await eventually(
    async () =>
      (await orders.deps.db.select().from(buyerAddresses).where(eq(buyerAddresses.userId, owner.id))).length,
    (count) => count === 1,
  );
  const placed = await orders.call<Placed>(owner, PLACE, {
    input: {
      items: [{ productId: product.productId, quantity: 1 }],
      idempotencyKey: randomUUID(),
      shippingAddress: typed,
    },
  });
  const id = placed.data?.placeOrder.id ?? '';
  assert.equal(placed.data?.placeOrder.shippingAddress, typed);

  const deleted = createEvent('user.deleted', owner.id, { userId: owner.id });
  await publisher.publish([deleted, deleted]);
  await eventually(
    async () => (await orders.deps.db.select().from(buyerKeys).where(eq(buyerKeys.userId, owner.id)))[0],
    (row) => row?.wrappedKey === null,
  );
  // A late announcement (another topic, so it may overtake user.deleted) gives the erased buyer nothing back.
  await publisher.publish([addressChanged(owner.id, booked)]);
  await new Promise((resolve) => setTimeout(resolve, 1_500));

  assert.deepEqual((await orders.call(admin, ORDER, { id })).data, { order: { id, shippingAddress: null } });
  assert.equal((await orders.order(id))?.status, 'PAYMENT_PENDING', 'the order itself stays');
  assert.match((await orders.order(id))?.shippingAddressCiphertext ?? '', /^~u:/);
  assert.deepEqual(
    await orders.deps.db.select().from(buyerAddresses).where(eq(buyerAddresses.userId, owner.id)),
    [],
  );
  assert.deepEqual(await readableInDump(orders.deps.db, [typed, booked]), []);
  const again = await orders.call(owner, PLACE, {
    input: {
      items: [{ productId: product.productId, quantity: 1 }],
      idempotencyKey: randomUUID(),
      shippingAddress: typed,
    },
  });
  assert.deepEqual(codesOf(again), ['UNAUTHENTICATED']);
});
