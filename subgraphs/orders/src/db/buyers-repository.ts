import { eq, inArray, sql } from 'drizzle-orm';
import type { OrdersExecutor } from './client.ts';
import { type BuyerKeyRow, buyerAddresses, buyerKeys } from './schema/index.ts';

type Db = OrdersExecutor;

export async function findBuyerKeys(db: Db, userIds: readonly string[]): Promise<BuyerKeyRow[]> {
  if (userIds.length === 0) return [];
  return db
    .select()
    .from(buyerKeys)
    .where(inArray(buyerKeys.userId, [...userIds]));
}

/** Stores a new wrapped key unless the buyer already has one; the caller reads back whichever won. */
export async function insertBuyerKeyIfAbsent(db: Db, row: BuyerKeyRow): Promise<void> {
  await db.insert(buyerKeys).ignore().values(row);
}

/** Destroys the buyer's data key, keeping a tombstone row so no later event gives them a new one. */
export async function shredBuyerKey(db: Db, userId: string, at: Date): Promise<void> {
  await db
    .insert(buyerKeys)
    .values({ userId, wrappedKey: null, createdAt: at })
    .onDuplicateKeyUpdate({ set: { wrappedKey: null } });
}

export async function upsertBuyerAddress(
  db: Db,
  userId: string,
  addressCiphertext: string,
  updatedAt: Date,
): Promise<void> {
  await db
    .insert(buyerAddresses)
    .values({ userId, addressCiphertext, updatedAt })
    .onDuplicateKeyUpdate({ set: { addressCiphertext, updatedAt } });
}

export async function deleteBuyerAddress(db: Db, userId: string): Promise<void> {
  await db.delete(buyerAddresses).where(eq(buyerAddresses.userId, userId));
}

/**
 * Copies each buyer's address-book entry onto those of `orderIds` that were placed without an address: one
 * statement for a whole batch, ciphertext to ciphertext (both are sealed with the same buyer's data key).
 */
export async function copyAddressBookOntoOrders(db: Db, orderIds: readonly string[]): Promise<void> {
  if (orderIds.length === 0) return;
  const ids = sql.join(
    orderIds.map((id) => sql`${id}`),
    sql`, `,
  );
  // drizzle's MySQL update builder has no JOIN, hence the statement spelled out (still parameterised).
  await db.execute(sql`
    UPDATE orders o JOIN buyer_addresses a ON a.user_id = o.user_id
    SET o.shipping_address_ciphertext = a.address_ciphertext
    WHERE o.id IN (${ids}) AND o.shipping_address_ciphertext IS NULL`);
}
