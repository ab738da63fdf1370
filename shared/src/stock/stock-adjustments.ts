import { readFileSync } from 'node:fs';
import type { Redis } from '../redis.ts';
import { stockKeys } from './keys.ts';

const ADJUST = readFileSync(new URL('./lua/adjust.lua', import.meta.url), 'utf8');

export type AdjustmentOutcome =
  | { applied: true; available: number }
  /** A removal larger than the available units: the rest is held by open orders. */
  | { applied: false; reason: 'HELD_BY_ORDERS'; available: number }
  | { applied: false; reason: 'COUNTERS_MISSING' };

/**
 * Admin corrections of a product's live counter (adjust.lua), apart from the hot-path scripts of
 * StockCounters. Plain EVAL: an adjustment is rare, so sending the script each time costs nothing that
 * matters, and it runs the same on one Redis and on a cluster (both keys share the product's hash tag).
 */
export class StockAdjustments {
  private readonly redis: Redis;

  constructor(redis: Redis) {
    this.redis = redis;
  }

  async adjust(productId: string, delta: number): Promise<AdjustmentOutcome> {
    const k = stockKeys(productId);
    const [status, available] = (await this.redis.eval(ADJUST, 2, k.meta, k.stock, delta)) as [
      number,
      number,
    ];
    if (status === 1) return { applied: true, available };
    if (status === 0) return { applied: false, reason: 'HELD_BY_ORDERS', available };
    return { applied: false, reason: 'COUNTERS_MISSING' };
  }
}
