import type { Refusal } from '../api/errors.ts';

export type Attempt<Order> = { ok: true; order: Order } | { ok: false; refusal: Refusal };

export interface PlaceWithRetriesDeps<Order> {
  /** Sends `placeOrder` with this click's idempotency key; every retry passes the same key. */
  send: (idempotencyKey: string) => Promise<Attempt<Order>>;
  sleep: (ms: number) => Promise<void>;
  /** Told before each wait, so the page can say why the buyer waits and for how long. */
  onWait: (refusal: Refusal, seconds: number) => void;
  maxAttempts: number;
}

const RETRIED = new Set(['RATE_LIMITED', 'TEMPORARILY_UNAVAILABLE']);

/**
 * One click on "buy": sends the order, and on a refusal that says "later" waits the `retryAfterSeconds` given
 * and sends it again under the same key, so a retry of an order that did land returns that order.
 */
export async function placeWithRetries<Order>(
  idempotencyKey: string,
  deps: PlaceWithRetriesDeps<Order>,
): Promise<Attempt<Order>> {
  for (let attempt = 1; ; attempt += 1) {
    const result = await deps.send(idempotencyKey);
    if (result.ok || !RETRIED.has(result.refusal.code) || attempt >= deps.maxAttempts) return result;
    const seconds = Math.max(1, result.refusal.retryAfterSeconds ?? 1);
    deps.onWait(result.refusal, seconds);
    await deps.sleep(seconds * 1_000);
  }
}
