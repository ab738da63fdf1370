import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Refusal } from '../src/api/errors.ts';
import { type Attempt, placeWithRetries } from '../src/buy/place-with-retries.ts';

const refused = (code: string, retryAfterSeconds?: number): Attempt<string> => ({
  ok: false,
  refusal: { code, message: code, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) },
});

/** A fake `placeOrder` answering from a script, recording the key of every send and every wait. */
function scripted(answers: Attempt<string>[]) {
  const keys: string[] = [];
  const sleeps: number[] = [];
  const waits: [string, number][] = [];
  return {
    keys,
    sleeps,
    waits,
    deps: {
      send: async (key: string) => {
        keys.push(key);
        const answer = answers.shift();
        if (!answer) throw new Error('sent more often than scripted');
        return answer;
      },
      sleep: async (ms: number) => {
        sleeps.push(ms);
      },
      onWait: (refusal: Refusal, seconds: number) => waits.push([refusal.code, seconds]),
      maxAttempts: 4,
    },
  };
}

describe('one click on buy', () => {
  test('RATE_LIMITED and TEMPORARILY_UNAVAILABLE wait the retryAfterSeconds given, then retry under the same key', async () => {
    const run = scripted([
      refused('RATE_LIMITED', 3),
      refused('TEMPORARILY_UNAVAILABLE', 2),
      { ok: true, order: 'order-1' },
    ]);
    assert.deepEqual(await placeWithRetries('click-1', run.deps), { ok: true, order: 'order-1' });
    assert.deepEqual(run.keys, ['click-1', 'click-1', 'click-1']);
    assert.deepEqual(run.sleeps, [3_000, 2_000]);
    assert.deepEqual(run.waits, [
      ['RATE_LIMITED', 3],
      ['TEMPORARILY_UNAVAILABLE', 2],
    ]);
  });

  test('a final refusal is returned at once, without a retry', async () => {
    for (const code of ['OUT_OF_STOCK', 'SALE_NOT_STARTED', 'SALE_ENDED', 'PURCHASE_LIMIT_EXCEEDED']) {
      const run = scripted([refused(code)]);
      assert.deepEqual(await placeWithRetries('click-2', run.deps), refused(code));
      assert.deepEqual(run.sleeps, []);
    }
  });

  test('gives up after maxAttempts sends, with the last refusal', async () => {
    const run = scripted([1, 2, 3, 4].map(() => refused('RATE_LIMITED', 1)));
    assert.deepEqual(await placeWithRetries('click-3', run.deps), refused('RATE_LIMITED', 1));
    assert.equal(run.keys.length, 4);
    assert.deepEqual(run.sleeps, [1_000, 1_000, 1_000]);
  });
});
