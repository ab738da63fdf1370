import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import {
  ConfigError,
  databaseEnv,
  duration,
  loadConfig,
  parseDuration,
  portEnv,
  redisEnv,
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
      SHIP_AFTER: 86_400_000,
    });
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
