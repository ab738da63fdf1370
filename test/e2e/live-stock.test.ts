import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type AvailabilityUpdate, watchAvailability } from '../support/availability.ts';
import { createProduct, dataOf, eventually, loginAdmin } from '../support/buyers.ts';
import { Platform } from '../support/platform.ts';

// Live stock for shelves: productAvailabilityChanged through the gateway, fed by the real platform's events.
// The admin both watches and buys: any signed-in socket may watch, and an admin's orders move stock like a buyer's.
let platform: Platform;
let adminToken: string;
let shelf: ReturnType<typeof watchAvailability>;
let other: ReturnType<typeof watchAvailability>;
let hot: string;
let quiet: string;

/** Long enough for any event of an order placed before it to have reached the gateway and a window to end. */
const SETTLE_MS = 3_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

before(async () => {
  platform = await Platform.start({ gateway: { RATE_LIMIT_PLACE_ORDER_PER_USER: '1000' } });
  adminToken = await loginAdmin(platform);
  hot = await createProduct(platform, adminToken, {
    name: `hot ${randomUUID()}`,
    stock: 50,
    purchaseLimit: 50,
  });
  quiet = await createProduct(platform, adminToken, { name: `quiet ${randomUUID()}`, stock: 5 });
  shelf = watchAvailability(platform.gatewayUrl, adminToken, [hot, quiet]);
  other = watchAvailability(platform.gatewayUrl, adminToken, [quiet]);
  await Promise.all([shelf.connected, other.connected]);
  // product.changed of the two new products may still be on its way: let it pass before counting updates.
  await sleep(SETTLE_MS);
  shelf.updates.length = 0;
  other.updates.length = 0;
});
after(async () => {
  await shelf?.close();
  await other?.close();
  await platform?.close();
});

const placeOrder = (productId: string) =>
  platform.graphql<{ placeOrder: { id: string } }>(
    /* GraphQL */ `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`,
    { input: { items: [{ productId, quantity: 1 }], idempotencyKey: randomUUID() } },
    adminToken,
  );

const availableStockOf = async (id: string) =>
  dataOf(
    await platform.graphql<{ product: { availableStock: number } }>(
      `query($id: ID!) { product(id: $id) { availableStock } }`,
      { id },
    ),
  ).product.availableStock;

/** The most updates that arrived within any one second. */
const busiestSecond = (updates: Pick<AvailabilityUpdate, 'at'>[]) =>
  Math.max(
    0,
    ...updates.map((first) => updates.filter((u) => u.at >= first.at && u.at < first.at + 1_000).length),
  );

describe('productAvailabilityChanged', () => {
  test('a shelf sees the stock drop after an order, and only for the product that moved', async () => {
    dataOf(await placeOrder(hot));
    const [update] = await eventually(
      async () => shelf.of(hot),
      (updates) => updates.length > 0,
    );
    assert.deepEqual(
      { ...update, at: undefined },
      { productId: hot, availableStock: 49, saleStatus: 'ON_SALE', at: undefined },
    );
    await sleep(SETTLE_MS);
    assert.deepEqual(shelf.of(quiet), []);
    assert.deepEqual(other.updates, []);
    assert.deepEqual(shelf.errors, []);
  });

  test('a burst of orders within a second yields at most 3 updates per second, ending on the right value', async () => {
    const before = await availableStockOf(hot);
    shelf.updates.length = 0;
    // Spread over about a second rather than all at once, so that without the throttle each would be its own update.
    const burst = 20;
    const acceptedAt: number[] = [];
    const placing: Promise<void>[] = [];
    for (let index = 0; index < burst; index += 1) {
      placing.push(
        placeOrder(hot).then((result) => {
          dataOf(result);
          acceptedAt.push(Date.now());
        }),
      );
      await sleep(45);
    }
    await Promise.all(placing);
    // The claim needs more stock moves in some second than the throttle lets through; a slow machine may stretch
    // the burst, so check the burst itself rather than a fixed sending time.
    const busiestMoves = busiestSecond(acceptedAt.map((at) => ({ at })));
    assert.ok(busiestMoves > 3, `only ${busiestMoves} orders were accepted within any one second`);

    const expected = before - burst;
    await eventually(
      async () => shelf.of(hot).at(-1)?.availableStock,
      (last) => last === expected,
    );
    await sleep(SETTLE_MS);
    const updates = shelf.of(hot);
    assert.ok(busiestSecond(updates) <= 3, `updates: ${JSON.stringify(updates)}`);
    assert.ok(updates.length >= 2, `leading and trailing edge: ${JSON.stringify(updates)}`);
    assert.equal(updates.at(-1)?.availableStock, expected);
    assert.equal(await availableStockOf(hot), expected);
    assert.deepEqual(other.updates, []);
  });

  test('productIds is checked: empty, too many or blank ids answer BAD_USER_INPUT naming the field', async () => {
    for (const ids of [[], Array.from({ length: 101 }, (_, index) => String(index + 1)), [' ']]) {
      const watch = watchAvailability(platform.gatewayUrl, adminToken, ids);
      try {
        const [error] = await eventually(
          async () => watch.errors,
          (errors) => errors.length > 0,
        );
        assert.equal(error?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(error));
        assert.equal(error?.extensions?.field, ids.length === 1 ? 'productIds.0' : 'productIds');
      } finally {
        await watch.close();
      }
    }
  });
});
