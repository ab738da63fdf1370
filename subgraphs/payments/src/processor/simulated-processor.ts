import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChargeOutcome, ChargeRequest, PaymentProcessor } from './payment-processor.ts';

export const DECLINING_METHOD = 'decline';
export const DECLINED_REASON = 'Payment method declined';
export const SIMULATED_FAILURE_REASON = 'Insufficient funds (simulated processor)';

export interface SimulatedProcessorOptions {
  failureRate: number;
  latencyMs: number;
  /** Without a seed every process draws its own, so outcomes stay random across runs. */
  seed?: string | undefined;
}

/**
 * A uniform number in [0, 1) derived from the seed and the order id alone, so an order's outcome does not
 * depend on arrival order, on concurrency, or on how often it is charged (a resumed charge gets the same
 * answer, as an idempotent provider would give).
 */
export function keyedUniform(seed: string, orderId: string): number {
  return createHash('sha256').update(seed).update('\0').update(orderId).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * docs/architecture.md#events: "decline" always fails; any other method fails with probability `failureRate`
 * after the latency.
 */
export function createSimulatedProcessor({
  failureRate,
  latencyMs,
  seed = randomUUID(),
}: SimulatedProcessorOptions): PaymentProcessor {
  return {
    async charge(request: ChargeRequest, signal: AbortSignal): Promise<ChargeOutcome> {
      await sleep(latencyMs, undefined, { signal });
      if (request.method === DECLINING_METHOD) return { ok: false, reason: DECLINED_REASON };
      if (keyedUniform(seed, request.orderId) < failureRate)
        return { ok: false, reason: SIMULATED_FAILURE_REASON };
      return { ok: true };
    },
    async refund(_request, signal) {
      signal.throwIfAborted();
    },
  };
}
