import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

/** `.env.example` as a process would get it: every `NAME=value` line, placeholders and all. */
const exampleEnv = Object.fromEntries(
  readFileSync(new URL('.env.example', `file://${root}`), 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z][A-Z0-9_]*=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);

describe('in production, services refuse placeholder and weak secrets', () => {
  test('users started with .env.example names each placeholder and exits 1', () => {
    const { status, stderr } = start('subgraphs/users/src/main.ts', {
      ...exampleEnv,
      NODE_ENV: 'production',
    });
    assert.equal(status, 1);
    assert.match(stderr, /^users: Invalid configuration/);
    for (const placeholder of [
      'DATABASE_URL: password is a placeholder',
      'GATEWAY_SIGNING_SECRET: is a placeholder',
      'PII_KEYS: key k1 is a placeholder',
      'PII_INDEX_KEY: is a placeholder',
    ]) {
      assert.ok(stderr.includes(placeholder), `${placeholder} in: ${stderr}`);
    }
  });

  test('the gateway refuses changeme as its signing secret, and a long but patterned one', () => {
    for (const [secret, problem] of [
      ['changeme', 'is a placeholder'],
      ['ab'.repeat(22), 'is too predictable'],
    ] as const) {
      const { status, stderr } = start('gateway/src/main.ts', {
        ...exampleEnv,
        NODE_ENV: 'production',
        GATEWAY_SIGNING_SECRET: secret,
      });
      assert.equal(status, 1);
      assert.match(stderr, /^gateway: Invalid configuration/);
      assert.ok(stderr.includes(`GATEWAY_SIGNING_SECRET: ${problem}`), stderr);
      assert.ok(!stderr.includes(secret), 'the message quotes the secret');
    }
  });
});
