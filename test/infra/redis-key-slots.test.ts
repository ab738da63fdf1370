import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  CATALOG_PUBLISHED_KEY,
  createRedis,
  isCluster,
  REBUILD_REQUESTS_KEY,
  REVOCATION_EPOCH_KEY,
  type Redis,
  rateLimitKey,
  revokedJtiKey,
  revokedSessionKey,
  revokedUserKey,
  stockKeys,
} from '@fcfs/shared';
import { testRedisTarget } from '@fcfs/shared/testing';
import { createApqStore } from '../../gateway/src/limits/apq-cache.ts';
import { createRequestGate } from '../../gateway/src/request-gate.ts';
import { rebuildLockKey } from '../../subgraphs/orders/src/domain/stock/rebuild-counters.ts';
import { productLock } from '../../subgraphs/orders/src/domain/stock/redlock-reservations.ts';
import { SCHEDULER_LEASE_KEY } from '../../subgraphs/orders/src/scheduler/order-scheduler.ts';
import { codeKey, failuresKey } from '../../subgraphs/users/src/domain/verification/verification-store.ts';

/**
 * Every key pattern the platform writes to Redis, grouped by what one script or transaction touches at once.
 * A group with a hash tag must land in one Redis Cluster slot; a key without one is only ever used by
 * single-key commands (on a cluster, the gateway reads the deny-list and counts each window key by key).
 */
const KEY_GROUPS: { name: string; keys: string[]; tag: string | null }[] = [
  {
    name: 'stock, holds, buyer counts, placed markers and sale metadata of one product',
    keys: Object.values(stockKeys('42')),
    tag: 'p:42',
  },
  {
    name: 'the redlocks of one product (the rebuild and the redlock strategy), each alone in its command',
    keys: [rebuildLockKey('42'), productLock('42')],
    tag: 'p:42',
  },
  {
    name: 'a verification code and its email’s failures today',
    keys: [codeKey('idx'), failuresKey('idx')],
    tag: 'idx',
  },
  {
    name: 'a password-reset code and its email’s failures today',
    keys: [codeKey('idx', 'password-reset'), failuresKey('idx', 'password-reset')],
    tag: 'idx',
  },
  { name: 'catalog published mark', keys: [CATALOG_PUBLISHED_KEY], tag: null },
  { name: 'rebuild requests', keys: [REBUILD_REQUESTS_KEY], tag: null },
  {
    name: 'rate-limit window',
    keys: [rateLimitKey({ name: 'login', limit: 5, windowMs: 60_000 }, 'x')],
    tag: null,
  },
  { name: 'deny-list: jti', keys: [revokedJtiKey('j')], tag: null },
  { name: 'deny-list: session', keys: [revokedSessionKey('s')], tag: null },
  { name: 'deny-list: user', keys: [revokedUserKey('u')], tag: null },
  { name: 'deny-list: epoch', keys: [REVOCATION_EPOCH_KEY], tag: null },
  { name: 'scheduler lease', keys: [SCHEDULER_LEASE_KEY], tag: null },
];

/** Redis Cluster's rule: the text between the first `{` and the next `}`, when not empty. */
function hashTag(key: string): string | null {
  const open = key.indexOf('{');
  const close = open < 0 ? -1 : key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : null;
}

describe('Redis keys and cluster slots', () => {
  let redis: Redis;
  before(() => {
    redis = createRedis(testRedisTarget());
  });
  after(() => redis.disconnect());

  for (const group of KEY_GROUPS) {
    test(`${group.name}: hash tag ${group.tag ?? 'none'}`, async () => {
      assert.deepEqual(
        group.keys.map(hashTag),
        group.keys.map(() => group.tag),
      );
      if (!isCluster(redis)) return;
      const slots = await Promise.all(group.keys.map((key) => redis.call('CLUSTER', 'KEYSLOT', key)));
      assert.equal(new Set(slots).size, 1, `${group.keys.join(', ')} share a slot`);
    });
  }

  test('APQ entries and their index share the {gateway} slot: store, read and evict work', async () => {
    const apq = createApqStore(redis, { ttlSeconds: 60, maxEntries: 100_000 });
    const key = `slot-test-${randomUUID()}`;
    await apq.set(key, '{ __typename }');
    assert.equal(await apq.get(key), '{ __typename }');
    assert.equal(await apq.delete(key), true);
    assert.equal(await apq.get(key), undefined);
  });

  test('the gateway admits, counts and refuses on this Redis, whatever slots the keys are in', async () => {
    const gate = createRequestGate(redis);
    const jti = randomUUID();
    const userId = `slot-${randomUUID()}`;
    const token = {
      viewer: { id: userId, role: 'CUSTOMER' as const },
      jti,
      sid: null,
      issuedAt: Math.floor(Date.now() / 1000),
      expiresAt: Math.floor(Date.now() / 1000) + 900,
    };
    // The deny-list's epoch, if this Redis has none yet; taken away again below, as users would find it.
    const createdEpoch = (await redis.set(REVOCATION_EPOCH_KEY, '0', 'NX')) === 'OK';
    const rule = { name: `slot-test-${randomUUID()}`, limit: 2, windowMs: 60_000 };
    const hits = [{ rule, subject: userId }];
    const verdicts = [
      await gate.admit(token, hits),
      await gate.admit(token, hits),
      await gate.admit(token, hits),
    ];
    assert.deepEqual(
      verdicts.map((verdict) => !verdict.revoked && verdict.decisions[0]?.allowed),
      [true, true, false],
    );
    await redis.set(revokedJtiKey(jti), '1', 'PX', 60_000);
    assert.deepEqual(await gate.admit(token, hits), { revoked: true });
    await Promise.all([redis.del(revokedJtiKey(jti)), redis.del(rateLimitKey(rule, userId))]);
    if (createdEpoch) await redis.del(REVOCATION_EPOCH_KEY);
  });
});
