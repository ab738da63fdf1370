import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '@fcfs/shared';
import {
  type AvailabilityStream,
  createAvailabilityFeed,
  type ProductAvailability,
} from '../src/subscriptions/availability-feed.ts';

// Unit tests of the throttle: the read (a supergraph query in the gateway) is faked and counted.
const logger = createLogger('availability-feed-test', 'silent');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function fakeStock(initial: Record<string, number>) {
  const stock = new Map(Object.entries(initial));
  const reads: string[] = [];
  return {
    reads,
    take: (productId: string) => stock.set(productId, (stock.get(productId) ?? 0) - 1),
    read: async (productId: string): Promise<ProductAvailability | null> => {
      reads.push(productId);
      await sleep(5);
      const available = stock.get(productId);
      return available === undefined
        ? null
        : { productId, availableStock: available, saleStatus: available > 0 ? 'ON_SALE' : 'SOLD_OUT' };
    },
  };
}

function collect(stream: AvailabilityStream) {
  const seen: ProductAvailability[] = [];
  void (async () => {
    for await (const update of stream) seen.push(update);
  })();
  return seen;
}

test('a thousand subscribers of a product share one read per window, and all get the last value', async () => {
  const stock = fakeStock({ '1': 500, '2': 10 });
  const feed = createAvailabilityFeed({ read: stock.read, logger, windowMs: 100 });
  const streams = Array.from({ length: 1_000 }, () => feed.listen(['1']));
  const seen = streams.map(collect);

  const started = Date.now();
  for (let order = 0; order < 50; order += 1) {
    stock.take('1');
    feed.moved(['1', '2']);
    await sleep(4);
  }
  const elapsed = Date.now() - started;
  await sleep(300);

  const windows = Math.ceil(elapsed / 100) + 2;
  assert.ok(stock.reads.length <= windows, `${stock.reads.length} reads in ${elapsed} ms`);
  assert.ok(!stock.reads.includes('2'), 'a product nobody watches is read');
  for (const updates of seen) assert.equal(updates.at(-1)?.availableStock, 450);
  assert.deepEqual(seen[0], seen[999]);
  for (const stream of streams) stream.close();
  feed.dispose();
});

test('a movement of an idle product is sent at once (leading edge), and an unchanged read sends nothing', async () => {
  const stock = fakeStock({ '7': 3 });
  const feed = createAvailabilityFeed({ read: stock.read, logger, windowMs: 1_000 });
  const stream = feed.listen(['7']);
  const seen = collect(stream);
  stock.take('7');
  feed.moved(['7']);
  await sleep(50);
  assert.deepEqual(seen, [{ productId: '7', availableStock: 2, saleStatus: 'ON_SALE' }]);
  // The window's end reads again (a movement's event may precede its Redis side), finds nothing new.
  await sleep(1_100);
  assert.equal(stock.reads.length, 2);
  assert.equal(seen.length, 1);
  stream.close();
  feed.dispose();
});

test('a subscriber gets only its products, and a closed stream stops the reads', async () => {
  const stock = fakeStock({ '1': 5, '2': 5 });
  const feed = createAvailabilityFeed({ read: stock.read, logger, windowMs: 50 });
  const one = feed.listen(['1']);
  const two = feed.listen(['2']);
  const [seenOne, seenTwo] = [collect(one), collect(two)];
  stock.take('1');
  feed.moved(['1']);
  await sleep(150);
  assert.deepEqual(seenOne, [{ productId: '1', availableStock: 4, saleStatus: 'ON_SALE' }]);
  assert.deepEqual(seenTwo, []);
  one.close();
  two.close();
  assert.equal(feed.size(), 0);
  const readsBefore = stock.reads.length;
  feed.moved(['1', '2']);
  await sleep(100);
  assert.equal(stock.reads.length, readsBefore);
  feed.dispose();
});
