import { type Redis, stockKeys } from '@fcfs/shared';

/**
 * What catalog publishes to Redis for every product (its sale metadata hash), read by orders: the hash
 * exists exactly for the products catalog knows, and carries the current price.
 */
export async function productExists(redis: Redis, productId: string): Promise<boolean> {
  return (await redis.exists(stockKeys(productId).meta)) === 1;
}

/** Current prices in one round trip; a product without metadata is missing from the map. */
export async function salePrices(redis: Redis, productIds: readonly string[]): Promise<Map<string, number>> {
  const pipeline = redis.pipeline();
  for (const id of productIds) pipeline.hget(stockKeys(id).meta, 'price');
  const replies = (await pipeline.exec()) ?? [];
  const prices = new Map<string, number>();
  for (const [index, [error, value]] of replies.entries()) {
    if (error) throw error;
    const id = productIds[index];
    if (id !== undefined && typeof value === 'string') prices.set(id, Number(value));
  }
  return prices;
}

/** Whether the order still holds units of the product (the hold is what a release gives back). */
export async function holdExists(redis: Redis, orderId: string, productId: string): Promise<boolean> {
  return (await redis.hexists(stockKeys(productId).holds, orderId)) === 1;
}
