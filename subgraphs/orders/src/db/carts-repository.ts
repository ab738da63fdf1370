import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { OrdersExecutor } from './client.ts';
import { type CartItemRow, cartItems } from './schema/index.ts';

type Db = OrdersExecutor;

export async function findCartItems(db: Db, userId: string): Promise<CartItemRow[]> {
  return db.select().from(cartItems).where(eq(cartItems.userId, userId)).orderBy(asc(cartItems.addedAt));
}

export async function findCartItem(
  db: Db,
  userId: string,
  productId: string,
): Promise<CartItemRow | undefined> {
  const [row] = await db
    .select()
    .from(cartItems)
    .where(and(eq(cartItems.userId, userId), eq(cartItems.productId, productId)));
  return row;
}

export async function countCartLines(db: Db, userId: string): Promise<number> {
  const [row] = await db.select({ lines: count() }).from(cartItems).where(eq(cartItems.userId, userId));
  return row?.lines ?? 0;
}

/** Adds to a line, creating it if needed; a concurrent add to the same line waits on its row lock and sums. */
export async function addToCartLine(
  db: Db,
  userId: string,
  productId: string,
  quantity: number,
  now: Date,
): Promise<void> {
  await db
    .insert(cartItems)
    .values({ userId, productId, quantity, addedAt: now, updatedAt: now })
    .onDuplicateKeyUpdate({ set: { quantity: sql`${cartItems.quantity} + ${quantity}`, updatedAt: now } });
}

export async function setCartLineQuantity(
  db: Db,
  userId: string,
  productId: string,
  quantity: number,
  now: Date,
): Promise<boolean> {
  const [result] = await db
    .update(cartItems)
    .set({ quantity, updatedAt: now })
    .where(and(eq(cartItems.userId, userId), eq(cartItems.productId, productId)));
  return result.affectedRows === 1;
}

export async function deleteCartLines(db: Db, userId: string, productIds: readonly string[]): Promise<void> {
  if (productIds.length === 0) return;
  await db
    .delete(cartItems)
    .where(and(eq(cartItems.userId, userId), inArray(cartItems.productId, [...productIds])));
}
