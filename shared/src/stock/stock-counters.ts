import { readFileSync } from 'node:fs';
import { isCluster, luaScript, primaries, type Redis, runScript } from '../redis.ts';
import { CATALOG_PUBLISHED_KEY, REBUILD_REQUESTS_KEY, stockKeys } from './keys.ts';

const lua = (name: string) => luaScript(readFileSync(new URL(`./lua/${name}.lua`, import.meta.url), 'utf8'));

const SCRIPTS = {
  fcfsReserve: lua('reserve'),
  fcfsRelease: lua('release'),
  fcfsSettle: lua('settle'),
  fcfsRestore: lua('restore'),
  fcfsPublish: lua('publish'),
  fcfsRestock: lua('restock'),
  fcfsRebuild: lua('rebuild'),
} as const;

type ScriptName = keyof typeof SCRIPTS;

export interface OrderLine {
  productId: string;
  quantity: number;
}

export const RESERVATION_REJECTIONS = [
  'OUT_OF_STOCK',
  'SALE_NOT_STARTED',
  'SALE_ENDED',
  'PURCHASE_LIMIT_EXCEEDED',
  'COUNTERS_MISSING',
] as const;
export type ReservationRejection = (typeof RESERVATION_REJECTIONS)[number];

export type ReservationResult =
  | {
      ok: true;
      /** The order id already held units, or was placed within its marker's life: nothing was taken now. */
      replayed: boolean;
      /** Each line's current unit price from the sale metadata, read in the same step; null if it has none. */
      unitPrices: (number | null)[];
    }
  | { ok: false; reason: ReservationRejection; productId: string };

export interface SaleMetadata {
  productId: string;
  price: number;
  saleStartsAt: Date;
  saleEndsAt: Date | null;
  purchaseLimit: number;
  /** Every unit ever put on the shelf (initial stock + restocks): what a rebuild starts from. */
  received: number;
  /** Units on hand: the counter's value when a new product's counters are created. */
  available: number;
}

/** What publish found: counters created (new product), already present, or missing (to be rebuilt). */
export type PublishOutcome = 'created' | 'present' | 'missing';

/** One unpaid order's units of a product. */
export interface Hold {
  orderId: string;
  userId: string;
  quantity: number;
}

/** A product's counters as the orders database sees them, to recreate what Redis lost. */
export interface CounterSnapshot {
  /** Unpaid orders: their units are reserved. */
  holds: Hold[];
  /** Units per buyer over open and paid orders: what the purchase limit counts. */
  buyers: Map<string, number>;
  /** Units of every open or paid order: they are not on the shelf. */
  occupied: number;
  /** Paid orders whose units already came back (cancel after payment, return), with their quantity. */
  restored: Map<string, number>;
  /** Orders whose placed markers come back, so their replays are still answered from Redis. */
  placed: string[];
}

/** rebuilt; present (another replica rebuilt first); no metadata (catalog has to publish first). */
export type RebuildOutcome = 'rebuilt' | 'present' | 'no-metadata';

export interface StockLevel {
  available: number;
  reserved: number;
}

/**
 * Typed wrapper over the stock scripts (docs/architecture.md#stock). Catalog and orders both use this class,
 * so the very same Lua decides every reservation.
 */
export class StockCounters {
  private readonly redis: Redis;
  /** On Redis Cluster a script may only touch one slot, which here means one product. */
  private readonly onePerCall: boolean;

  constructor(redis: Redis) {
    this.redis = redis;
    this.onePerCall = isCluster(redis);
  }

  /**
   * All lines of the order or none: sale window, per-user limit and availability for every line. A reserved
   * order is also marked placed on each product for `markerTtlMs`, so a replay is recognised in Redis alone.
   */
  async reserve(
    orderId: string,
    userId: string,
    lines: OrderLine[],
    markerTtlMs: number,
  ): Promise<ReservationResult> {
    if (this.onePerCall && lines.length > 1)
      return this.reserveAcrossSlots(orderId, userId, lines, markerTtlMs);
    return this.reserveInOneCall(orderId, userId, lines, markerTtlMs);
  }

  /**
   * The cluster's multi-product order: one script call per product, under the same order id, in product-id
   * order (two buyers of the same products meet on the first one, so neither holds a unit the other needs
   * while waiting). A refusal or an error gives back what this call took before answering, so the buyer sees
   * what the one-call script gives: one refusal naming the product, nothing held. What a crash between the
   * calls leaves is an orphan hold, freed by the orders sweeper. `replayed` only when every line was: a
   * retry after such a crash finds some lines held and takes the rest, then writes the order itself.
   */
  private async reserveAcrossSlots(
    orderId: string,
    userId: string,
    lines: OrderLine[],
    markerTtlMs: number,
  ): Promise<ReservationResult> {
    const ordered = [...lines.entries()].sort(([, a], [, b]) =>
      a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0,
    );
    const unitPrices: (number | null)[] = lines.map(() => null);
    const taken: string[] = [];
    let replayedLines = 0;
    try {
      for (const [index, line] of ordered) {
        const result = await this.reserveInOneCall(orderId, userId, [line], markerTtlMs);
        if (!result.ok) {
          await this.release(orderId, taken, { forget: true });
          return result;
        }
        unitPrices[index] = result.unitPrices[0] ?? null;
        if (result.replayed) replayedLines += 1;
        else taken.push(line.productId);
      }
    } catch (error) {
      // Not given back now (Redis is failing): the orphan sweeper frees these holds, no order being written.
      await this.release(orderId, taken, { forget: true }).catch(() => undefined);
      throw error;
    }
    return { ok: true, replayed: replayedLines === lines.length, unitPrices };
  }

  private async reserveInOneCall(
    orderId: string,
    userId: string,
    lines: OrderLine[],
    markerTtlMs: number,
  ): Promise<ReservationResult> {
    const keys = lines.flatMap(({ productId }) => {
      const k = stockKeys(productId);
      return [k.meta, k.stock, k.buyers, k.holds, k.placed];
    });
    const [outcome, detail, ...prices] = (await this.run('fcfsReserve', keys, [
      orderId,
      userId,
      markerTtlMs,
      ...lines.map((line) => line.quantity),
    ])) as [string, string, ...(string | null)[]];
    if (outcome === 'OK') {
      return {
        ok: true,
        replayed: detail === 'REPLAYED',
        unitPrices: lines.map((_, index) => {
          const price = prices[index];
          return typeof price === 'string' ? Number(price) : null;
        }),
      };
    }
    const line = lines[Number(detail)];
    return { ok: false, reason: outcome as ReservationRejection, productId: line?.productId ?? '' };
  }

  /**
   * Gives an unpaid order's units back; returns how many lines still had a hold. `forget` also drops the
   * order's placed marker: for an order that was never written, so that a retry of it reserves afresh.
   */
  async release(orderId: string, productIds: string[], { forget = false } = {}): Promise<number> {
    if (this.onePerCall && productIds.length > 1) {
      return this.sumPerProduct(productIds, (id) => this.release(orderId, [id], { forget }));
    }
    const keys = productIds.flatMap((id) => {
      const k = stockKeys(id);
      return [k.stock, k.buyers, k.holds, k.placed];
    });
    return (await this.run('fcfsRelease', keys, [orderId, forget ? 1 : 0])) as number;
  }

  /** Drops the order's placed markers, so that reserving it again takes units instead of replaying. */
  async forgetPlaced(orderId: string, productIds: string[]): Promise<void> {
    await Promise.all(productIds.map((id) => this.redis.zrem(stockKeys(id).placed, orderId)));
  }

  /** A paid order's units leave the shelf for good. */
  async settle(orderId: string, productIds: string[]): Promise<number> {
    if (this.onePerCall && productIds.length > 1) {
      return this.sumPerProduct(productIds, (id) => this.settle(orderId, [id]));
    }
    const keys = productIds.flatMap((id) => {
      const k = stockKeys(id);
      return [k.stock, k.holds];
    });
    return (await this.run('fcfsSettle', keys, [orderId])) as number;
  }

  /** A paid order's units come back (cancel after payment, return). Once per order. */
  async restore(orderId: string, userId: string, lines: OrderLine[]): Promise<number> {
    if (this.onePerCall && lines.length > 1) {
      return this.sumPerProduct(lines, (line) => this.restore(orderId, userId, [line]));
    }
    const keys = lines.flatMap(({ productId }) => {
      const k = stockKeys(productId);
      return [k.stock, k.buyers, k.restored];
    });
    return (await this.run('fcfsRestore', keys, [
      orderId,
      userId,
      ...lines.map((line) => line.quantity),
    ])) as number;
  }

  /**
   * Publishes sale metadata. Counters are created only with `createCounters` (a product no order can hold
   * yet); for any other product missing counters are reported, since only orders knows its open holds.
   */
  async publish(product: SaleMetadata, { createCounters = false } = {}): Promise<PublishOutcome> {
    const k = stockKeys(product.productId);
    const outcome = await this.run(
      'fcfsPublish',
      [k.meta, k.stock],
      [
        product.price,
        product.saleStartsAt.getTime(),
        product.saleEndsAt?.getTime() ?? 0,
        product.purchaseLimit,
        product.received,
        createCounters ? 1 : 0,
        product.available,
      ],
    );
    return outcome === 1 ? 'created' : outcome === 0 ? 'present' : 'missing';
  }

  /** Recreates lost counters from the orders database's view; never touches counters that exist. */
  async rebuild(productId: string, snapshot: CounterSnapshot, markerTtlMs: number): Promise<RebuildOutcome> {
    const k = stockKeys(productId);
    const reserved = snapshot.holds.reduce((sum, hold) => sum + hold.quantity, 0);
    const list = (entries: [string, string | number][]) => [entries.length, ...entries.flat()];
    const outcome = await this.run(
      'fcfsRebuild',
      [k.meta, k.stock, k.buyers, k.holds, k.restored, k.placed],
      [
        reserved,
        snapshot.occupied,
        Date.now() + markerTtlMs,
        ...list([...snapshot.buyers]),
        ...list(snapshot.holds.map((hold) => [hold.orderId, `${hold.userId}|${hold.quantity}`])),
        ...list([...snapshot.restored]),
        snapshot.placed.length,
        ...snapshot.placed,
      ],
    );
    return outcome === 1 ? 'rebuilt' : outcome === 0 ? 'present' : 'no-metadata';
  }

  /** Catalog marks that all sale metadata is published; the mark vanishes with the rest of Redis's data. */
  async markCatalogPublished(): Promise<void> {
    await this.redis.set(CATALOG_PUBLISHED_KEY, new Date().toISOString());
  }

  async catalogPublished(): Promise<boolean> {
    return (await this.redis.exists(CATALOG_PUBLISHED_KEY)) === 1;
  }

  async requestRebuild(productIds: readonly string[]): Promise<void> {
    if (productIds.length > 0) await this.redis.sadd(REBUILD_REQUESTS_KEY, ...productIds);
  }

  async takeRebuildRequests(count: number): Promise<string[]> {
    return this.redis.spop(REBUILD_REQUESTS_KEY, count);
  }

  /** Adds units on hand to the live counter; null when the counters are missing (to be rebuilt). */
  async restock(productId: string, delta: number): Promise<number | null> {
    const k = stockKeys(productId);
    const result = await this.run('fcfsRestock', [k.meta, k.stock], [delta]);
    return typeof result === 'number' ? result : null;
  }

  /**
   * Every hold in Redis, product by product (SCAN, so the server is never blocked; on Redis Cluster on each
   * primary). A hold may be seen twice while keys move, which its callers tolerate.
   */
  async *holds(): AsyncGenerator<{ productId: string; orderId: string }> {
    const pattern = stockKeys('*').holds;
    for (const server of primaries(this.redis)) {
      let cursor = '0';
      do {
        const [next, keys] = await server.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
        cursor = next;
        for (const key of keys) {
          const productId = key.slice('{p:'.length, key.indexOf('}'));
          for (const orderId of await this.redis.hkeys(key)) yield { productId, orderId };
        }
      } while (cursor !== '0');
    }
  }

  /** Products whose counters live on `server` (one primary of a cluster, or the single server). */
  async productsOn(server: Redis): Promise<string[]> {
    const productIds: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await server.scan(cursor, 'MATCH', stockKeys('*').stock, 'COUNT', 500);
      cursor = next;
      productIds.push(...keys.map((key) => key.slice('{p:'.length, key.indexOf('}'))));
    } while (cursor !== '0');
    return productIds;
  }

  /** Drops the live counters, so the next reservation finds them missing and they are rebuilt from MySQL. */
  async forgetCounters(productIds: readonly string[]): Promise<void> {
    await Promise.all(productIds.map((id) => this.redis.del(stockKeys(id).stock)));
  }

  /** Live levels for many products in one round trip; null for a product without counters. */
  async levels(productIds: readonly string[]): Promise<(StockLevel | null)[]> {
    // Issued in one tick: one write on one Redis (auto-pipelining); on a cluster each goes to its node at once.
    const replies = await Promise.all(
      productIds.map((id) => this.redis.hmget(stockKeys(id).stock, 'available', 'reserved')),
    );
    return replies.map(([available, reserved]) =>
      available === null || available === undefined
        ? null
        : { available: Number(available), reserved: Number(reserved ?? 0) },
    );
  }

  private async sumPerProduct<T>(items: T[], call: (item: T) => Promise<number>): Promise<number> {
    const counts = await Promise.all(items.map(call));
    return counts.reduce((sum, count) => sum + count, 0);
  }

  private run(name: ScriptName, keys: string[], args: (string | number)[]): Promise<unknown> {
    return runScript(this.redis, SCRIPTS[name], keys, args);
  }
}
