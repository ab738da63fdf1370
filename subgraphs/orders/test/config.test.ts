import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '@fcfs/shared';
import { ordersEnv } from '../src/config.ts';

const env = {
  DATABASE_URL: 'mysql://u:p@127.0.0.1:3306/orders',
  REDIS_URL: 'redis://127.0.0.1:6379',
  KAFKA_BROKERS: '127.0.0.1:9092',
  GATEWAY_SIGNING_SECRET: 'x'.repeat(44),
};

test('on Redis Cluster only the lua strategy is accepted; on one Redis all three are', () => {
  const cluster = { ...env, REDIS_CLUSTER_NODES: '127.0.0.1:7000' };
  assert.equal(loadConfig(ordersEnv, { ...cluster, STOCK_STRATEGY: 'lua' }).STOCK_STRATEGY, 'lua');
  for (const strategy of ['redlock', 'db-lock']) {
    assert.equal(loadConfig(ordersEnv, { ...env, STOCK_STRATEGY: strategy }).STOCK_STRATEGY, strategy);
    assert.throws(
      () => loadConfig(ordersEnv, { ...cluster, STOCK_STRATEGY: strategy }),
      (error: unknown) =>
        error instanceof ConfigError && /STOCK_STRATEGY: only lua runs on Redis Cluster/.test(error.message),
    );
  }
});
