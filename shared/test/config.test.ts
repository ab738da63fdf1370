import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { z } from 'zod';
import {
  baseEnv,
  ConfigError,
  databaseEnv,
  duration,
  loadConfig,
  parseDuration,
  portEnv,
  redisEnv,
  signingEnv,
} from '../src/index.ts';

describe('parseDuration', () => {
  test('reads every unit as milliseconds', () => {
    assert.deepEqual(
      ['250ms', '3s', '10m', '2h', '1d', '1.5s'].map(parseDuration),
      [250, 3_000, 600_000, 7_200_000, 86_400_000, 1_500],
    );
  });
  test('rejects text that is not a duration', () => {
    assert.deepEqual(['', '10', 'ten minutes', '5w', '-3s'].map(parseDuration), [
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('loadConfig', () => {
  const schema = z.object({ ...portEnv(4001), ...databaseEnv, ...redisEnv, SHIP_AFTER: duration('1d') });

  test('applies defaults and transforms', () => {
    const config = loadConfig(schema, {
      DATABASE_URL: 'mysql://u:p@127.0.0.1:3306/db',
      REDIS_URL: 'redis://x:6379',
    });
    assert.deepEqual(config, {
      PORT: 4001,
      DATABASE_URL: 'mysql://u:p@127.0.0.1:3306/db',
      REDIS_URL: 'redis://x:6379',
      REDIS_CLUSTER_NODES: [],
      SHIP_AFTER: 86_400_000,
    });
  });

  test('REDIS_CLUSTER_NODES lists host:port seeds, and names a malformed one', () => {
    const base = { DATABASE_URL: 'mysql://u:p@127.0.0.1:3306/db', REDIS_URL: 'redis://x:6379' };
    assert.deepEqual(
      loadConfig(schema, { ...base, REDIS_CLUSTER_NODES: '10.0.0.1:7000, redis-b:7001' }).REDIS_CLUSTER_NODES,
      [
        { host: '10.0.0.1', port: 7000 },
        { host: 'redis-b', port: 7001 },
      ],
    );
    assert.throws(
      () => loadConfig(schema, { ...base, REDIS_CLUSTER_NODES: '10.0.0.1:7000,redis-b' }),
      /REDIS_CLUSTER_NODES\.1: must list host:port pairs separated by commas/,
    );
  });

  test('lists every missing or invalid variable in one message', () => {
    assert.throws(
      () => loadConfig(schema, { PORT: 'eighty', REDIS_URL: 'http://nope', SHIP_AFTER: 'soon' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /PORT: /);
        assert.match(error.message, /DATABASE_URL: is required/);
        assert.match(error.message, /REDIS_URL: must be a redis:\/\/ URL/);
        assert.match(error.message, /SHIP_AFTER: "soon" is not a duration/);
        return true;
      },
    );
  });
});

describe('loadConfig in production', () => {
  const schema = z
    .object({
      ...baseEnv,
      ...databaseEnv,
      ...redisEnv,
      ...signingEnv,
      PII_KEYS: z.string(),
      PII_INDEX_KEY: z.string(),
    })
    .transform((env) => env);
  const random = (bytes: number) => randomBytes(bytes).toString('base64');
  const generated = {
    NODE_ENV: 'production',
    DATABASE_URL: `mysql://fcfs_users:${randomBytes(16).toString('hex')}@127.0.0.1:3306/fcfs_users`,
    REDIS_URL: 'redis://127.0.0.1:6379',
    GATEWAY_SIGNING_SECRET: random(32),
    PII_KEYS: `k2:${random(32)},k1:${random(32)}`,
    PII_INDEX_KEY: random(32),
  };
  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      loadConfig(schema, env);
      return [];
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      return error.message.split('\n').slice(1);
    }
  };

  test('accepts secrets made of random bytes, as scripts/infra.sh generates them', () => {
    assert.deepEqual(problemsOf(generated), []);
  });

  test('refuses every placeholder of .env.example, and names each without quoting it', () => {
    const placeholder = 'REPLACE_with_base64_of_32_random_bytes';
    const problems = problemsOf({
      ...generated,
      DATABASE_URL: 'mysql://fcfs_users:changeme@127.0.0.1:3306/fcfs_users',
      REDIS_URL: 'redis://:changeme@127.0.0.1:6379',
      GATEWAY_SIGNING_SECRET: placeholder,
      PII_KEYS: `k2:${random(32)},k1:${placeholder}`,
      PII_INDEX_KEY: placeholder,
    });
    const generate = 'generate one, e.g. `openssl rand -base64 32`';
    assert.deepEqual(problems, [
      `  - DATABASE_URL: password is a placeholder; ${generate}`,
      `  - REDIS_URL: password is a placeholder; ${generate}`,
      `  - GATEWAY_SIGNING_SECRET: is a placeholder; ${generate}`,
      `  - PII_KEYS: key k1 is a placeholder; ${generate}`,
      `  - PII_INDEX_KEY: is a placeholder; ${generate}`,
    ]);
  });

  test('refuses short, low-variety and repeated secrets', () => {
    const problems = (secret: string) => problemsOf({ ...generated, PII_INDEX_KEY: secret });
    assert.match(problems('Xk3#p9Lq')[0] ?? '', /PII_INDEX_KEY: is too short \(8 characters, at least 16\)/);
    assert.match(problems('a'.repeat(44))[0] ?? '', /PII_INDEX_KEY: is too predictable/);
    assert.match(problems('0101010122220000111122220')[0] ?? '', /PII_INDEX_KEY: is too predictable/);
    assert.match(problems('Xk3#p9Lq'.repeat(4))[0] ?? '', /PII_INDEX_KEY: is too predictable/);
  });

  test('lists weak secrets together with invalid variables', () => {
    const problems = problemsOf({
      ...generated,
      REDIS_URL: 'http://nope',
      GATEWAY_SIGNING_SECRET: 'changeme',
    });
    assert.deepEqual(
      problems.map((problem) => problem.split(':')[0]),
      ['  - REDIS_URL', '  - GATEWAY_SIGNING_SECRET', '  - GATEWAY_SIGNING_SECRET'],
    );
  });

  test('outside production the same values load, so tests and development keep their own', () => {
    const weak = { ...generated, GATEWAY_SIGNING_SECRET: 'b'.repeat(44), PII_INDEX_KEY: 'changeme' };
    for (const NODE_ENV of ['development', 'test']) assert.deepEqual(problemsOf({ ...weak, NODE_ENV }), []);
  });
});
