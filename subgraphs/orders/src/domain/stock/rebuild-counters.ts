import {
  type CounterSnapshot,
  notFound,
  type RebuildOutcome,
  stockKeys,
  temporarilyUnavailable,
} from '@fcfs/shared';
import { findOrdersByIds } from '../../db/orders-repository.ts';
import {
  findUnitHolders,
  UNIT_HOLDING_STATUSES,
  type UnitHolderRow,
} from '../../db/unit-holders-repository.ts';
import type { OrdersDependencies } from '../orders-dependencies.ts';
import { productExists } from '../sale-catalog.ts';

const LOCK_TTL_MS = 10_000;
const LOCK_WAIT = { retryCount: 50, retryDelay: 100, retryJitter: 50 };

/** In the product's slot, like the counters it guards. */
export const rebuildLockKey = (productId: string) => `locks:rebuild:${stockKeys(productId).stock}`;

const holdsUnits = (status: string) => (UNIT_HOLDING_STATUSES as readonly string[]).includes(status);
const gaveUnitsBack = (row: Pick<UnitHolderRow, 'status' | 'paidAt'>) =>
  row.status === 'RETURNED' || (row.status === 'CANCELLED' && row.paidAt !== null);

/** The counters the orders database implies: unpaid orders hold, paid ones count for their buyer. */
function snapshotOf(rows: readonly UnitHolderRow[]): CounterSnapshot {
  const snapshot: CounterSnapshot = {
    holds: [],
    buyers: new Map(),
    occupied: 0,
    restored: new Map(),
    placed: [...new Set(rows.map((row) => row.orderId))],
  };
  for (const row of rows) {
    if (holdsUnits(row.status)) {
      snapshot.occupied += row.quantity;
      snapshot.buyers.set(row.userId, (snapshot.buyers.get(row.userId) ?? 0) + row.quantity);
      if (row.status === 'PAYMENT_PENDING') snapshot.holds.push(row);
    } else if (gaveUnitsBack(row)) {
      snapshot.restored.set(row.orderId, row.quantity);
    }
  }
  return snapshot;
}

/**
 * Recreates a product's Redis counters after Redis lost them (docs/architecture.md#rebuilding-lost-counters):
 * units received, minus the units of every open or paid order, with the holds and per-buyer counts those
 * orders imply. A redlock per product makes one replica do it; the script refuses to overwrite counters that
 * exist.
 */
export async function rebuildCounters(deps: OrdersDependencies, productId: string): Promise<RebuildOutcome> {
  const lock = await deps.redlock
    .acquire([rebuildLockKey(productId)], LOCK_TTL_MS, LOCK_WAIT)
    .catch(() => undefined);
  if (!lock) throw temporarilyUnavailable(`Stock of product ${productId} is being restored`, 1);
  try {
    const [level] = await deps.stock.levels([productId]);
    if (level) return 'present';
    const rows = await findUnitHolders(deps.db, productId);
    const outcome = await deps.stock.rebuild(productId, snapshotOf(rows), deps.settings.idempotencyWindowMs);
    if (outcome === 'rebuilt') {
      await reconcileMovedOrders(deps, productId, rows);
      deps.logger.warn({ productId, orders: rows.length }, 'stock counters rebuilt from the orders database');
    }
    return outcome;
  } finally {
    await lock.release().catch(() => undefined);
  }
}

/**
 * Orders that changed state between the read and the rebuild had their Redis step skipped (the counters
 * were missing): apply it now. Every script is idempotent, so a step that did run changes nothing twice.
 */
async function reconcileMovedOrders(
  deps: OrdersDependencies,
  productId: string,
  rows: readonly UnitHolderRow[],
): Promise<void> {
  const before = new Map(rows.map((row) => [row.orderId, row]));
  const current = await findOrdersByIds(deps.db, [...before.keys()]);
  for (const order of current) {
    const was = before.get(order.id);
    if (!was || was.status === order.status) continue;
    if (was.status === 'PAYMENT_PENDING') {
      if (order.paidAt) await deps.stock.settle(order.id, [productId]);
      else await deps.stock.release(order.id, [productId]);
    }
    if (holdsUnits(was.status) && gaveUnitsBack(order)) {
      await deps.stock.restore(order.id, order.userId, [{ productId, quantity: was.quantity }]);
    }
  }
}

/**
 * A reservation found no counters. With the product's metadata in Redis they are rebuilt here; without it
 * the product is unknown, unless catalog has not republished after Redis lost its data (then: retry soon).
 */
export async function recoverMissingCounters(deps: OrdersDependencies, productId: string): Promise<void> {
  if (await productExists(deps.redis, productId)) {
    if ((await rebuildCounters(deps, productId)) !== 'no-metadata') return;
  }
  if (await deps.stock.catalogPublished()) throw notFound('Product', productId);
  throw temporarilyUnavailable('The store is restoring its stock counters', 1);
}

/** Products whose missing counters catalog reported, up to `limit`; a failed one is asked for again. */
export async function rebuildRequestedCounters(deps: OrdersDependencies, limit: number): Promise<number> {
  const productIds = await deps.stock.takeRebuildRequests(limit);
  let rebuilt = 0;
  for (const productId of productIds) {
    try {
      if ((await rebuildCounters(deps, productId)) === 'rebuilt') rebuilt += 1;
    } catch (error) {
      deps.logger.error({ err: error, productId }, 'stock counter rebuild failed; asking again');
      await deps.stock.requestRebuild([productId]);
    }
  }
  return rebuilt;
}
