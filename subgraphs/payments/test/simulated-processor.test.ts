import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChargeRequest } from '../src/processor/payment-processor.ts';
import {
  createSimulatedProcessor,
  DECLINED_REASON,
  SIMULATED_FAILURE_REASON,
} from '../src/processor/simulated-processor.ts';

const request = (orderId: string, method: string | null = 'card'): ChargeRequest => ({
  paymentId: `payment-${orderId}`,
  orderId,
  userId: 'buyer',
  amount: 1_000,
  method,
});
const orderIds = Array.from({ length: 200 }, (_, n) => `order-${n}`);
const never = new AbortController().signal;

async function outcomes(seed: string, ids: string[], failureRate = 0.5) {
  const processor = createSimulatedProcessor({ failureRate, latencyMs: 0, seed });
  const answers = await Promise.all(ids.map((id) => processor.charge(request(id), never)));
  return new Map(ids.map((id, n) => [id, answers[n]?.ok]));
}

describe('simulated processor', () => {
  test('"decline" always fails, whatever the failure rate', async () => {
    const processor = createSimulatedProcessor({ failureRate: 0, latencyMs: 0 });
    assert.deepEqual(await processor.charge(request('a', 'decline'), never), {
      ok: false,
      reason: DECLINED_REASON,
    });
  });

  test('failure rate 0 always succeeds, 1 always fails', async () => {
    assert.ok([...(await outcomes('s', orderIds, 0)).values()].every((ok) => ok === true));
    const failing = createSimulatedProcessor({ failureRate: 1, latencyMs: 0 });
    assert.deepEqual(await failing.charge(request('a', null), never), {
      ok: false,
      reason: SIMULATED_FAILURE_REASON,
    });
  });

  test('a seed fixes each order’s outcome, independent of arrival order; another seed draws again', async () => {
    const forward = await outcomes('seed-1', orderIds);
    const backward = await outcomes('seed-1', [...orderIds].reverse());
    assert.deepEqual(backward, forward);
    const other = await outcomes('seed-2', orderIds);
    assert.notDeepEqual(other, forward);
  });

  test('the failure rate is honoured', async () => {
    const ids = Array.from({ length: 4_000 }, (_, n) => `rate-${n}`);
    const failures = [...(await outcomes('rate', ids, 0.2)).values()].filter((ok) => !ok).length;
    assert.ok(failures > 0.17 * ids.length && failures < 0.23 * ids.length, `${failures} failures`);
  });

  test('answers after the latency, and stops waiting when aborted', async () => {
    const processor = createSimulatedProcessor({ failureRate: 0, latencyMs: 150 });
    const started = performance.now();
    await processor.charge(request('slow'), never);
    assert.ok(performance.now() - started >= 140);

    const abort = new AbortController();
    const pending = processor.charge(request('aborted'), abort.signal);
    abort.abort();
    await assert.rejects(pending, { name: 'AbortError' });
  });
});
