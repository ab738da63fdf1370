import { findOrdersByIds } from '../../db/orders-repository.ts';
import type { OrdersDependencies } from '../orders-dependencies.ts';

const LOOKUP_BATCH = 500;

/**
 * Holds whose order was never written: the process reserved in Redis and died (SIGKILL, power loss) before
 * its MySQL transaction, and the buyer never retried. No order will ever release them, so the sweeper does,
 * once a hold has been orphaned for longer than any order write can take (`graceMs`). A buyer retrying
 * later with the same idempotency key simply reserves again.
 */
export class OrphanHoldSweeper {
  private readonly deps: OrdersDependencies;
  private readonly graceMs: number;
  /** Orphans seen on earlier passes, by `orderId productId`, with when they were first seen. */
  private readonly firstSeen = new Map<string, number>();
  private lastPass = Number.NEGATIVE_INFINITY;

  constructor(deps: OrdersDependencies, graceMs: number) {
    this.deps = deps;
    this.graceMs = graceMs;
  }

  /**
   * One pass over every hold (a SCAN of the keyspace), at most twice per grace period however often it is
   * called, since orphans are rare and a pass is not free. Returns how many orphans it released.
   */
  async sweep(now = Date.now()): Promise<number> {
    if (now - this.lastPass < this.graceMs / 2) return 0;
    this.lastPass = now;
    const holds: { productId: string; orderId: string }[] = [];
    for await (const hold of this.deps.stock.holds()) holds.push(hold);
    const written = new Set<string>();
    for (let start = 0; start < holds.length; start += LOOKUP_BATCH) {
      const ids = [...new Set(holds.slice(start, start + LOOKUP_BATCH).map((hold) => hold.orderId))];
      for (const order of await findOrdersByIds(this.deps.db, ids)) written.add(order.id);
    }

    const orphans = new Set<string>();
    let released = 0;
    for (const { productId, orderId } of holds) {
      if (written.has(orderId)) continue;
      const key = `${orderId} ${productId}`;
      orphans.add(key);
      const seen = this.firstSeen.get(key) ?? now;
      this.firstSeen.set(key, seen);
      if (now - seen < this.graceMs) continue;
      // Checked again right before releasing: the order may have been written since the lookup.
      if ((await findOrdersByIds(this.deps.db, [orderId])).length > 0) continue;
      released += await this.deps.stock.release(orderId, [productId], { forget: true });
      this.deps.logger.warn({ orderId, productId }, 'released a hold whose order was never written');
    }
    for (const key of this.firstSeen.keys()) if (!orphans.has(key)) this.firstSeen.delete(key);
    return released;
  }
}
