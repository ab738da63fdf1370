import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';

const root = new URL('../../', import.meta.url).pathname;

/** Runs a service entry point with only the given variables and reports how it exited. */
function start(entry: string, env: Record<string, string>) {
  const result = spawnSync(process.execPath, [entry], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: result.status, stderr: result.stderr };
}

describe('services refuse to start with a missing or invalid variable', () => {
  const usesRedis = { users: true, catalog: true, orders: true, payments: false };
  for (const [service, redis] of Object.entries(usesRedis)) {
    test(`${service} names every missing variable and exits 1`, () => {
      const { status, stderr } = start(`subgraphs/${service}/src/main.ts`, { REDIS_URL: 'http://not-redis' });
      assert.equal(status, 1);
      assert.match(stderr, new RegExp(`^${service}: Invalid configuration`));
      assert.match(stderr, /DATABASE_URL: is required/);
      assert.match(stderr, /GATEWAY_SIGNING_SECRET: is required/);
      if (redis) assert.match(stderr, /REDIS_URL: must be a redis:\/\/ URL/);
      else assert.match(stderr, /KAFKA_BROKERS: is required/);
    });
  }
});
