import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createRedis, type Redis, StockCounters, stockKeys } from '../src/index.ts';
import { deleteKeys, MARKER_TTL_MS, testRedisTarget } from '../src/testing.ts';

// Real Redis: the reservation script is the whole no-oversell guarantee, so it is tested where it runs.
let redis: Redis;
let stock: StockCounters;
const run = randomUUID().slice(0, 8);
let productSeq = 0;

async function newProduct(
  available: number,
  limit: number,
  window: { startsIn?: number; endsIn?: number } = {},
) {
  productSeq += 1;
  const productId = `test-${run}-${productSeq}`;
  const now = Date.now();
  await stock.publish(
    {
      productId,
      price: 1_000,
      saleStartsAt: new Date(now + (window.startsIn ?? -60_000)),
      saleEndsAt: window.endsIn === undefined ? null : new Date(now + window.endsIn),
      purchaseLimit: limit,
      received: available,
      available,
    },
    { createCounters: true },
  );
  return productId;
}

const level = async (productId: string) => (await stock.levels([productId]))[0];

before(() => {
  redis = createRedis(testRedisTarget());
  stock = new StockCounters(redis);
});

after(async () => {
  await deleteKeys(redis, `{p:test-${run}-*`);
  redis.disconnect();
});

describe('reservation script against real Redis', () => {
  test('500 concurrent buyers for 50 units: exactly 50 reserved, the rest OUT_OF_STOCK', async () => {
    const productId = await newProduct(50, 1);
    const results = await Promise.all(
      Array.from({ length: 500 }, (_, buyer) =>
        stock.reserve(`o-${buyer}`, `u-${buyer}`, [{ productId, quantity: 1 }], MARKER_TTL_MS),
      ),
    );
    assert.equal(results.filter((result) => result.ok).length, 50);
    assert.equal(results.filter((result) => !result.ok && result.reason === 'OUT_OF_STOCK').length, 450);
    assert.deepEqual(await level(productId), { available: 0, reserved: 50 });
  });

  test('one buyer racing 20 orders against a limit of 2 gets exactly 2 units', async () => {
    const productId = await newProduct(100, 2);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        stock.reserve(`o-${n}`, 'greedy', [{ productId, quantity: 1 }], MARKER_TTL_MS),
      ),
    );
    assert.equal(results.filter((result) => result.ok).length, 2);
    assert.equal(
      results.filter((result) => !result.ok && result.reason === 'PURCHASE_LIMIT_EXCEEDED').length,
      18,
    );
    assert.deepEqual(await level(productId), { available: 98, reserved: 2 });
  });

  test('all lines or none: a short second line leaves the first untouched', async () => {
    const plenty = await newProduct(10, 5);
    const scarce = await newProduct(1, 5);
    const result = await stock.reserve(
      'o-multi',
      'u-1',
      [
        { productId: plenty, quantity: 2 },
        { productId: scarce, quantity: 2 },
      ],
      MARKER_TTL_MS,
    );
    assert.deepEqual(result, { ok: false, reason: 'OUT_OF_STOCK', productId: scarce });
    assert.deepEqual(await level(plenty), { available: 10, reserved: 0 });
    assert.deepEqual(await level(scarce), { available: 1, reserved: 0 });
  });

  test('the sale window is judged by the Redis clock', async () => {
    const upcoming = await newProduct(5, 1, { startsIn: 60_000 });
    const ended = await newProduct(5, 1, { startsIn: -120_000, endsIn: -60_000 });
    const missing = `test-${run}-never-published`;
    assert.deepEqual(await stock.reserve('o-1', 'u', [{ productId: upcoming, quantity: 1 }], MARKER_TTL_MS), {
      ok: false,
      reason: 'SALE_NOT_STARTED',
      productId: upcoming,
    });
    assert.deepEqual(await stock.reserve('o-2', 'u', [{ productId: ended, quantity: 1 }], MARKER_TTL_MS), {
      ok: false,
      reason: 'SALE_ENDED',
      productId: ended,
    });
    assert.deepEqual(await stock.reserve('o-3', 'u', [{ productId: missing, quantity: 1 }], MARKER_TTL_MS), {
      ok: false,
      reason: 'COUNTERS_MISSING',
      productId: missing,
    });
  });

  test('a replayed reservation of the same order reserves nothing twice', async () => {
    const productId = await newProduct(5, 5);
    const first = await stock.reserve('o-same', 'u', [{ productId, quantity: 2 }], MARKER_TTL_MS);
    const again = await stock.reserve('o-same', 'u', [{ productId, quantity: 2 }], MARKER_TTL_MS);
    assert.deepEqual(
      [first, again],
      [
        { ok: true, replayed: false, unitPrices: [1_000] },
        { ok: true, replayed: true, unitPrices: [1_000] },
      ],
    );
    assert.deepEqual(await level(productId), { available: 3, reserved: 2 });
  });

  test('a placed order stays recognised after its hold ends, until forgotten or expired', async () => {
    const productId = await newProduct(1, 1);
    const line = [{ productId, quantity: 1 }];
    assert.equal((await stock.reserve('o-kept', 'u-kept', line, MARKER_TTL_MS)).ok, true);
    await stock.release('o-kept', [productId]);
    assert.equal((await stock.reserve('o-other', 'u-other', line, MARKER_TTL_MS)).ok, true);
    // Sold out now, yet the earlier order's replay is recognised before any stock check.
    assert.deepEqual(await stock.reserve('o-kept', 'u-kept', line, MARKER_TTL_MS), {
      ok: true,
      replayed: true,
      unitPrices: [1_000],
    });
    await stock.release('o-kept', [productId], { forget: true });
    assert.deepEqual(await stock.reserve('o-kept', 'u-kept', line, MARKER_TTL_MS), {
      ok: false,
      reason: 'OUT_OF_STOCK',
      productId,
    });

    const brief = await newProduct(2, 2);
    assert.equal((await stock.reserve('o-brief', 'u', [{ productId: brief, quantity: 1 }], 50)).ok, true);
    await stock.settle('o-brief', [brief]);
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.deepEqual(await stock.reserve('o-brief', 'u', [{ productId: brief, quantity: 1 }], 50), {
      ok: true,
      replayed: false,
      unitPrices: [1_000],
    });
    assert.equal(await redis.zcard(stockKeys(brief).placed), 1);
  });

  test('release gives units and the buyer limit back, once', async () => {
    const productId = await newProduct(3, 1);
    await stock.reserve('o-r', 'u-r', [{ productId, quantity: 1 }], MARKER_TTL_MS);
    const releases = await Promise.all([
      stock.release('o-r', [productId]),
      stock.release('o-r', [productId]),
    ]);
    assert.deepEqual(releases.sort(), [0, 1]);
    assert.deepEqual(await level(productId), { available: 3, reserved: 0 });
    assert.equal(await redis.hget(stockKeys(productId).buyers, 'u-r'), null);
    assert.deepEqual(await stock.reserve('o-r2', 'u-r', [{ productId, quantity: 1 }], MARKER_TTL_MS), {
      ok: true,
      replayed: false,
      unitPrices: [1_000],
    });
  });

  test('settle keeps the buyer counted; restore after payment puts units back once', async () => {
    const productId = await newProduct(4, 2);
    await stock.reserve('o-p', 'u-p', [{ productId, quantity: 2 }], MARKER_TTL_MS);
    assert.equal(await stock.settle('o-p', [productId]), 1);
    assert.equal(await stock.settle('o-p', [productId]), 0);
    assert.deepEqual(await level(productId), { available: 2, reserved: 0 });
    assert.deepEqual(await stock.reserve('o-p2', 'u-p', [{ productId, quantity: 1 }], MARKER_TTL_MS), {
      ok: false,
      reason: 'PURCHASE_LIMIT_EXCEEDED',
      productId,
    });
    const restores = await Promise.all([
      stock.restore('o-p', 'u-p', [{ productId, quantity: 2 }]),
      stock.restore('o-p', 'u-p', [{ productId, quantity: 2 }]),
    ]);
    assert.deepEqual(restores.sort(), [0, 1]);
    assert.deepEqual(await level(productId), { available: 4, reserved: 0 });
  });

  test('restock during a burst of reservations adds its delta without losing any', async () => {
    const productId = await newProduct(100, 1);
    const reservations = Array.from({ length: 300 }, (_, n) =>
      stock.reserve(`o-${n}`, `u-${n}`, [{ productId, quantity: 1 }], MARKER_TTL_MS),
    );
    const restock = stock.restock(productId, 50);
    const results = await Promise.all(reservations);
    await restock;
    const reserved = results.filter((result) => result.ok).length;
    assert.ok(reserved >= 100 && reserved <= 150, `reserved ${reserved}`);
    assert.deepEqual(await level(productId), { available: 150 - reserved, reserved });
  });

  test('publish never overwrites live counters', async () => {
    const productId = await newProduct(10, 1);
    await stock.reserve('o-1', 'u-1', [{ productId, quantity: 1 }], MARKER_TTL_MS);
    const created = await stock.publish(
      {
        productId,
        price: 2_000,
        saleStartsAt: new Date(Date.now() - 1_000),
        saleEndsAt: null,
        purchaseLimit: 3,
        received: 10,
        available: 10,
      },
      { createCounters: true },
    );
    assert.equal(created, 'present');
    assert.deepEqual(await level(productId), { available: 9, reserved: 1 });
    assert.equal(await redis.hget(stockKeys(productId).meta, 'limit'), '3');
  });
});
