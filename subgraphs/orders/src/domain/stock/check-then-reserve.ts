import { type OrderLine, type Redis, type ReservationResult, stockKeys } from '@fcfs/shared';

type Reply = [error: Error | null, value: unknown];

const replyAt = (replies: Reply[], index: number): unknown => {
  const reply = replies[index];
  if (!reply) throw new Error(`missing pipeline reply ${index}`);
  if (reply[0]) throw reply[0];
  return reply[1];
};

/** Replies read per line: window, price, available, the buyer's units, the hold, the placed marker. */
const READS_PER_LINE = 6;

/**
 * The seed design's reservation: read the counters, decide, then write them with plain commands. Correct
 * only while the caller holds a lock on every product of the order (redlock or a MySQL row lock); it makes
 * the same checks, in the same order, as the shared Lua script, and writes the same keys, so releases,
 * settles and catalog's live stock work unchanged.
 */
export async function checkThenReserve(
  redis: Redis,
  orderId: string,
  userId: string,
  lines: OrderLine[],
  markerTtlMs: number,
): Promise<ReservationResult> {
  const read = redis.pipeline().time();
  for (const { productId } of lines) {
    const keys = stockKeys(productId);
    read
      .hmget(keys.meta, 'startsAt', 'endsAt', 'limit')
      .hget(keys.meta, 'price')
      .hget(keys.stock, 'available')
      .hget(keys.buyers, userId)
      .hexists(keys.holds, orderId)
      .zscore(keys.placed, orderId);
  }
  const replies = ((await read.exec()) ?? []) as Reply[];
  const [seconds, micros] = replyAt(replies, 0) as [string, string];
  const now = Number(seconds) * 1_000 + Math.floor(Number(micros) / 1_000);
  const at = (index: number, offset: number) => replyAt(replies, 1 + index * READS_PER_LINE + offset);
  const unitPrices = lines.map((_, index) => {
    const price = at(index, 1) as string | null;
    return price === null ? null : Number(price);
  });

  const replayed = lines.some(
    (_, index) => at(index, 4) === 1 || Number((at(index, 5) as string | null) ?? 0) > now,
  );
  if (replayed) return { ok: true, replayed: true, unitPrices };
  for (const [index, { productId, quantity }] of lines.entries()) {
    const [startsAt, endsAt, limit] = at(index, 0) as (string | null)[];
    const available = at(index, 2) as string | null;
    const held = Number((at(index, 3) as string | null) ?? 0);
    const reject = (reason: Exclude<ReservationResult, { ok: true }>['reason']): ReservationResult => ({
      ok: false,
      reason,
      productId,
    });
    if (startsAt === null || startsAt === undefined || available === null) return reject('COUNTERS_MISSING');
    if (now < Number(startsAt)) return reject('SALE_NOT_STARTED');
    if (Number(endsAt) > 0 && now >= Number(endsAt)) return reject('SALE_ENDED');
    if (held + quantity > Number(limit)) return reject('PURCHASE_LIMIT_EXCEEDED');
    if (Number(available) < quantity) return reject('OUT_OF_STOCK');
  }

  const write = redis.multi();
  for (const { productId, quantity } of lines) {
    const keys = stockKeys(productId);
    write
      .hincrby(keys.stock, 'available', -quantity)
      .hincrby(keys.stock, 'reserved', quantity)
      .hincrby(keys.buyers, userId, quantity)
      .hset(keys.holds, orderId, `${userId}|${quantity}`)
      .zremrangebyscore(keys.placed, '-inf', now)
      .zadd(keys.placed, now + markerTtlMs, orderId);
  }
  const written = ((await write.exec()) ?? []) as Reply[];
  const failed = written.find(([error]) => error !== null);
  if (failed?.[0]) throw failed[0];
  return { ok: true, replayed: false, unitPrices };
}
