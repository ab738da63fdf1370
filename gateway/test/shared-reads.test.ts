import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createReadSharing } from '../src/shared-reads.ts';
import type { SubgraphReply } from '../src/subgraph-fetcher.ts';
import {
  dataOf,
  loginAdmin,
  type Platform,
  type Session,
  signUpCustomer,
  startPlatform,
  unique,
} from './gateway-harness.ts';

const PRODUCT = /* GraphQL */ `
  query Product($id: ID!) { product(id: $id) { id name price } }
`;
const ME = /* GraphQL */ 'query Me { me { id email } }';
const CREATE_PRODUCT = /* GraphQL */ `
  mutation Create($input: CreateProductInput!) { createProduct(input: $input) { id name } }
`;

const reply = (text: string): SubgraphReply => ({ status: 200, contentType: 'application/json', text });

/** A read the test finishes by hand, counting how often it was started. */
function manualRead() {
  let started = 0;
  let finish: (value: SubgraphReply) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const read = () => {
    started += 1;
    return new Promise<SubgraphReply>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  };
  return {
    read,
    started: () => started,
    finish: (text: string) => finish(reply(text)),
    fail: (e: Error) => fail(e),
  };
}

describe('read sharing, on its own', () => {
  test('identical reads in flight share one call; a read after it has answered makes its own', async () => {
    let shared = 0;
    const share = createReadSharing(() => {
      shared += 1;
    });
    const first = manualRead();
    const answers = Promise.all([share('a', first.read), share('a', first.read), share('a', first.read)]);
    first.finish('{"data":1}');
    assert.deepEqual(
      (await answers).map((answer) => answer.text),
      ['{"data":1}', '{"data":1}', '{"data":1}'],
    );
    assert.equal(first.started(), 1);
    assert.equal(shared, 2);

    const later = manualRead();
    const again = share('a', later.read);
    later.finish('{"data":2}');
    assert.equal((await again).text, '{"data":2}');
    assert.equal(later.started(), 1);
  });

  test('different keys never share, and a failed read fails its waiters and is forgotten', async () => {
    const share = createReadSharing();
    const one = manualRead();
    const other = manualRead();
    const answers = Promise.all([share('one', one.read), share('other', other.read)]);
    one.finish('1');
    other.finish('2');
    assert.deepEqual(
      (await answers).map((answer) => answer.text),
      ['1', '2'],
    );

    const failing = manualRead();
    const waiters = [share('k', failing.read), share('k', failing.read)];
    failing.fail(new Error('subgraph down'));
    for (const waiter of waiters) await assert.rejects(waiter, /subgraph down/);
    const retry = manualRead();
    const retried = share('k', retry.read);
    retry.finish('ok');
    assert.equal((await retried).text, 'ok');
    assert.equal(retry.started(), 1);
  });
  test('a fresh read never joins one begun before it; reads after it join the fresh one', async () => {
    const share = createReadSharing();
    const older = manualRead();
    const fresher = manualRead();
    const before = share('k', older.read);
    const fresh = share('k', fresher.read, true);
    const after = share('k', older.read);
    assert.equal(fresher.started(), 1);
    older.finish('old');
    assert.equal((await before).text, 'old');
    // The older read's end leaves the key to the fresh one: a read now still joins it.
    const later = share('k', older.read);
    fresher.finish('new');
    assert.deepEqual([(await fresh).text, (await after).text, (await later).text], ['new', 'new', 'new']);
    assert.equal(older.started(), 1);
  });
});

describe('read sharing through the gateway (real users and catalog)', () => {
  let platform: Platform;
  let admin: Session;
  let productId: string;

  before(async () => {
    platform = await startPlatform();
    admin = await loginAdmin(platform);
    const created = await platform.graphql(
      CREATE_PRODUCT,
      {
        input: { name: unique('shared read'), price: 1000, stock: 5, saleStartsAt: new Date().toISOString() },
      },
      { token: admin.accessToken },
    );
    productId = dataOf<{ id: string }>(created, 'createProduct').id;
  });
  after(() => platform.close());

  const sharedCount = async (subgraph: string): Promise<number> => {
    const metric = await platform.gateway.metrics
      .getSingleMetric('fcfs_gateway_subgraph_reads_shared_total')
      ?.get();
    return metric?.values.find((value) => value.labels.subgraph === subgraph)?.value ?? 0;
  };

  test('a crowd reading one product at once is answered in full by fewer catalog calls', async () => {
    const crowd = 40;
    const sharedBefore = await sharedCount('catalog');
    platform.catalogTraffic.length = 0;
    const answers = await Promise.all(
      Array.from({ length: crowd }, () => platform.graphql(PRODUCT, { id: productId })),
    );
    for (const answer of answers) {
      assert.deepEqual(answer.body.errors, undefined);
      assert.equal(dataOf<{ id: string }>(answer, 'product').id, productId);
    }
    const calls = platform.catalogTraffic.filter((request) => request.body.includes(productId)).length;
    const shared = (await sharedCount('catalog')) - sharedBefore;
    assert.ok(calls >= 1 && calls < crowd, `${calls} catalog calls for ${crowd} reads`);
    assert.equal(calls + shared, crowd);
  });

  test("two buyers asking `me` at the same moment each get their own account, never the other's", async () => {
    const buyers = await Promise.all([signUpCustomer(platform), signUpCustomer(platform)]);
    const asks = Array.from({ length: 30 }, (_, index) => buyers[index % 2] as (typeof buyers)[number]);
    const answers = await Promise.all(
      asks.map(async (buyer) => ({
        buyer,
        me: dataOf<{ id: string; email: string }>(
          await platform.graphql(ME, {}, { token: buyer.accessToken }),
          'me',
        ),
      })),
    );
    for (const { buyer, me } of answers) assert.deepEqual(me, { id: buyer.userId, email: buyer.email });
  });

  test('identical mutations sent at once are each carried out', async () => {
    const input = { name: unique('twin'), price: 500, stock: 1, saleStartsAt: new Date().toISOString() };
    const sharedBefore = await sharedCount('catalog');
    const created = await Promise.all(
      Array.from({ length: 5 }, () =>
        platform.graphql(CREATE_PRODUCT, { input }, { token: admin.accessToken }),
      ),
    );
    const ids = new Set(created.map((answer) => dataOf<{ id: string }>(answer, 'createProduct').id));
    assert.equal(ids.size, 5);
    assert.equal(await sharedCount('catalog'), sharedBefore);
  });
});
