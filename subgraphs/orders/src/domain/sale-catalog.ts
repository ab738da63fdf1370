import { type Redis, stockKeys } from '@fcfs/shared';

/**
 * What catalog publishes to Redis for every product (its sale metadata hash), read by orders: the hash
 * exists exactly for the products catalog knows (the reservation script reads the current price from it).
 */
export async function productExists(redis: Redis, productId: string): Promise<boolean> {
  return (await redis.exists(stockKeys(productId).meta)) === 1;
}

/** Whether the order still holds units of the product (the hold is what a release gives back). */
export async function holdExists(redis: Redis, orderId: string, productId: string): Promise<boolean> {
  return (await redis.hexists(stockKeys(productId).holds, orderId)) === 1;
}

/**
 * Each product's current unit price, from the sale metadata the reservation script prices an order at; null
 * for a product with no metadata in Redis (unknown to catalog, or not yet published again after a Redis loss).
 */
export async function currentPrices(redis: Redis, productIds: readonly string[]): Promise<(number | null)[]> {
  const prices = await Promise.all(
    productIds.map((productId) => redis.hget(stockKeys(productId).meta, 'price')),
  );
  return prices.map((price) => (price === null ? null : Number(price)));
}
