import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GraphQLError } from 'graphql';
import { badUserInput, clientError, isClientError, maskError, rateLimited } from '../src/index.ts';

describe('client errors', () => {
  test('carry their code and extra extensions', () => {
    assert.deepEqual(badUserInput('quantity must be at least 1', 'quantity').extensions, {
      code: 'BAD_USER_INPUT',
      field: 'quantity',
    });
    assert.deepEqual(rateLimited(30).extensions, { code: 'RATE_LIMITED', retryAfterSeconds: 30 });
    assert.equal(isClientError(clientError('OUT_OF_STOCK', 'gone')), true);
    assert.equal(isClientError(new GraphQLError('x', { extensions: { code: 'WHATEVER' } })), false);
  });
});

describe('maskError', () => {
  test('passes client errors through without a stack trace', () => {
    const internal: unknown[] = [];
    const formatted = maskError((error) => internal.push(error))(
      { message: 'gone', extensions: { code: 'OUT_OF_STOCK', stacktrace: ['at x'] } },
      new GraphQLError('gone'),
    );
    assert.deepEqual(formatted, { message: 'gone', extensions: { code: 'OUT_OF_STOCK' } });
    assert.deepEqual(internal, []);
  });

  test('hides anything else behind a generic message and reports the original', () => {
    const internal: unknown[] = [];
    const original = new Error("ER_NO_SUCH_TABLE: Table 'fcfs_orders.x' doesn't exist at db-1.internal");
    const formatted = maskError((error) => internal.push(error))(
      {
        message: original.message,
        path: ['order'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['s'] },
      },
      original,
    );
    assert.deepEqual(formatted, {
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
      path: ['order'],
    });
    assert.deepEqual(internal, [original]);
  });

  test('an outage of a dependency, however wrapped, is TEMPORARILY_UNAVAILABLE with a retry hint', () => {
    const lost = Object.assign(new Error('Connection lost: The server closed the connection.'), {
      code: 'PROTOCOL_CONNECTION_LOST',
    });
    const wrapped = new GraphQLError('Failed query: select … from orders', {
      originalError: Object.assign(new Error('Failed query'), { cause: lost }),
    });
    const internal: unknown[] = [];
    const formatted = maskError((error) => internal.push(error))(
      { message: wrapped.message, path: ['placeOrder'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      wrapped,
    );
    assert.deepEqual(formatted, {
      message: 'A service is temporarily unavailable, retry in 1s',
      extensions: { code: 'TEMPORARILY_UNAVAILABLE', retryAfterSeconds: 1 },
      path: ['placeOrder'],
    });
    assert.equal(internal.length, 1);
  });

  test('a Redis Cluster failover, as ioredis reports it, is an outage too', () => {
    const format = maskError(() => {});
    const failover = [
      new Error('CLUSTERDOWN The cluster is down'),
      new Error('TRYAGAIN Multiple keys request during rehashing of slot'),
      new Error("READONLY You can't write against a read only replica."),
      new Error('Too many Cluster redirections. Last error: Error: Connection is closed.'),
      new Error('Failed to refresh slots cache.'),
      new Error(
        'Reached the max retries per request limit (which is 2). Refer to "maxRetriesPerRequest" option.',
      ),
    ];
    for (const error of failover) {
      const formatted = format(
        { message: error.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } },
        error,
      );
      assert.equal(formatted.extensions?.code, 'TEMPORARILY_UNAVAILABLE', error.message);
    }
    const notOutage = new Error('ERR Error running script: product 7 has no CLUSTERDOWN here');
    const formatted = format(
      { message: notOutage.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      notOutage,
    );
    assert.equal(formatted.extensions?.code, 'INTERNAL_SERVER_ERROR');
  });
});
