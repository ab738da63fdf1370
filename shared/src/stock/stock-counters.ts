import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { stockKeys } from './keys.ts';

const lua = (name: string) => readFileSync(new URL(`./lua/${name}.lua`, import.meta.url), 'utf8');

const SCRIPTS = {
  fcfsReserve: lua('reserve'),
  fcfsRelease: lua('release'),
  fcfsSettle: lua('settle'),
  fcfsRestore: lua('restore'),
  fcfsPublish: lua('publish'),
  fcfsRestock: lua('restock'),
} as const;

type ScriptName = keyof typeof SCRIPTS;
type ScriptRunner = (keys: string[], args: (string | number)[]) => Promise<unknown>;

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
  | { ok: true; replayed: boolean }
  | { ok: false; reason: ReservationRejection; productId: string };

export interface SaleMetadata {
  productId: string;
  price: number;
  saleStartsAt: Date;
  saleEndsAt: Date | null;
  purchaseLimit: number;
  /** Units on hand minus units reserved by open orders: the counter's value if it has to be created. */
  available: number;
}

export interface StockLevel {
  available: number;
  reserved: number;
}

/**
 * Typed wrapper over the stock scripts (DESIGN §5). Catalog and orders both use this class, so the very
 * same Lua decides every reservation.
 */
export class StockCounters {
  private readonly redis: Redis;

  constructor(redis: Redis) {
    this.redis = redis;
    for (const [name, script] of Object.entries(SCRIPTS)) {
      if (!(name in redis)) redis.defineCommand(name, { lua: script });
    }
  }

  /** All lines of the order or none: sale window, per-user limit and availability for every line. */
  async reserve(orderId: string, userId: string, lines: OrderLine[]): Promise<ReservationResult> {
    const keys = lines.flatMap(({ productId }) => {
      const k = stockKeys(productId);
      return [k.meta, k.stock, k.buyers, k.holds];
    });
    const [outcome, detail] = (await this.run('fcfsReserve', keys, [
      orderId,
      userId,
      ...lines.map((line) => line.quantity),
    ])) as [string, string];
    if (outcome === 'OK') return { ok: true, replayed: detail === 'REPLAYED' };
    const line = lines[Number(detail)];
    return { ok: false, reason: outcome as ReservationRejection, productId: line?.productId ?? '' };
  }

  /** Gives an unpaid order's units back; returns how many lines still had a hold. */
  async release(orderId: string, productIds: string[]): Promise<number> {
    const keys = productIds.flatMap((id) => {
      const k = stockKeys(id);
      return [k.stock, k.buyers, k.holds];
    });
    return (await this.run('fcfsRelease', keys, [orderId])) as number;
  }

  /** A paid order's units leave the shelf for good. */
  async settle(orderId: string, productIds: string[]): Promise<number> {
    const keys = productIds.flatMap((id) => {
      const k = stockKeys(id);
      return [k.stock, k.holds];
    });
    return (await this.run('fcfsSettle', keys, [orderId])) as number;
  }

  /** A paid order's units come back (cancel after payment, return). Once per order. */
  async restore(orderId: string, userId: string, lines: OrderLine[]): Promise<number> {
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

  /** Publishes sale metadata; creates counters only when missing. Returns true when it created them. */
  async publish(product: SaleMetadata): Promise<boolean> {
    const k = stockKeys(product.productId);
    const created = await this.run(
      'fcfsPublish',
      [k.meta, k.stock],
      [
        product.price,
        product.saleStartsAt.getTime(),
        product.saleEndsAt?.getTime() ?? 0,
        product.purchaseLimit,
        product.available,
      ],
    );
    return created === 1;
  }

  /** Adds units on hand to the live counter; null when the counters are missing (to be rebuilt). */
  async restock(productId: string, delta: number): Promise<number | null> {
    const result = await this.run('fcfsRestock', [stockKeys(productId).stock], [delta]);
    return typeof result === 'number' ? result : null;
  }

  /** Live levels for many products in one round trip; null for a product without counters. */
  async levels(productIds: readonly string[]): Promise<(StockLevel | null)[]> {
    if (productIds.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of productIds) pipeline.hmget(stockKeys(id).stock, 'available', 'reserved');
    const replies = (await pipeline.exec()) ?? [];
    return replies.map(([error, value]) => {
      if (error) throw error;
      const [available, reserved] = value as [string | null, string | null];
      return available === null ? null : { available: Number(available), reserved: Number(reserved ?? 0) };
    });
  }

  private run(name: ScriptName, keys: string[], args: (string | number)[]): Promise<unknown> {
    const command = (this.redis as unknown as Record<ScriptName, (...params: unknown[]) => Promise<unknown>>)[
      name
    ];
    const runner: ScriptRunner = (k, a) => command.call(this.redis, k.length, ...k, ...a);
    return runner(keys, args);
  }
}
