import { type Executor, MAX_PAGE_SIZE } from '@fcfs/shared';
import { and, count, desc, eq, gte, inArray, isNull, like, lt, or, type SQL, sql } from 'drizzle-orm';
import type { CatalogSchema } from './client.ts';
import { type NewProductRow, type ProductRow, products } from './schema/index.ts';

type Db = Executor<CatalogSchema>;

export async function findProductsByIds(db: Db, ids: readonly number[]): Promise<ProductRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(products)
    .where(inArray(products.id, [...ids]));
}

export async function findProductForUpdate(db: Db, id: number): Promise<ProductRow | undefined> {
  const [row] = await db.select().from(products).where(eq(products.id, id)).for('update');
  return row;
}

/** Window-based filter conditions; SOLD_OUT needs live counters, so the domain narrows that afterwards. */
export interface ProductListFilter {
  nameContains?: string;
  windowStates?: ('UPCOMING' | 'OPEN' | 'ENDED')[];
  now: Date;
}

/** The shelf: archived products are never listed (`product(id:)` still finds them, for orders' lines). */
function filterConditions({ nameContains, windowStates, now }: ProductListFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [isNull(products.archivedAt)];
  if (nameContains) {
    const escaped = nameContains.replace(/[\\%_]/g, (char) => `\\${char}`);
    conditions.push(like(products.name, `%${escaped}%`));
  }
  if (windowStates && windowStates.length > 0) {
    const byState = {
      UPCOMING: sql`${products.saleStartsAt} > ${now}`,
      OPEN: and(
        lt(products.saleStartsAt, now),
        or(isNull(products.saleEndsAt), sql`${products.saleEndsAt} > ${now}`),
      ),
      ENDED: and(sql`${products.saleEndsAt} IS NOT NULL`, sql`${products.saleEndsAt} <= ${now}`),
    };
    conditions.push(or(...windowStates.map((state) => byState[state])));
  }
  return and(...conditions);
}

/** Newest first, keyset-paged by id. Fetches one extra row to know whether another page exists. */
export async function listProductsPage(
  db: Db,
  filter: ProductListFilter,
  { beforeId, limit }: { beforeId?: number; limit: number },
): Promise<ProductRow[]> {
  const where = and(filterConditions(filter), beforeId === undefined ? undefined : lt(products.id, beforeId));
  return db
    .select()
    .from(products)
    .where(where)
    .orderBy(desc(products.id))
    .limit(Math.min(limit, MAX_PAGE_SIZE * 10) + 1);
}

export async function countProducts(db: Db, filter: ProductListFilter): Promise<number> {
  const [row] = await db.select({ total: count() }).from(products).where(filterConditions(filter));
  return row?.total ?? 0;
}

export async function listAllProducts(db: Db): Promise<ProductRow[]> {
  return db.select().from(products);
}

export async function insertProduct(db: Db, values: NewProductRow): Promise<number> {
  const [result] = await db.insert(products).values(values);
  return result.insertId;
}

export async function updateProductRow(db: Db, id: number, values: Partial<NewProductRow>): Promise<void> {
  await db.update(products).set(values).where(eq(products.id, id));
}

/** A restock: units on hand and units received grow together. */
export async function receiveUnits(db: Db, id: number, quantity: number, now: Date): Promise<boolean> {
  const [result] = await db
    .update(products)
    .set({
      stock: sql`${products.stock} + ${quantity}`,
      unitsReceived: sql`${products.unitsReceived} + ${quantity}`,
      updatedAt: now,
    })
    .where(eq(products.id, id));
  return result.affectedRows === 1;
}

/** An admin's correction: units on hand and units received move together, by a signed delta. */
export async function adjustUnits(db: Db, id: number, delta: number, now: Date): Promise<boolean> {
  const [result] = await db
    .update(products)
    .set({
      stock: sql`${products.stock} + ${delta}`,
      unitsReceived: sql`${products.unitsReceived} + ${delta}`,
      updatedAt: now,
    })
    .where(and(eq(products.id, id), delta < 0 ? gte(products.stock, -delta) : undefined));
  return result.affectedRows === 1;
}

/** Archives a product once; false when it is unknown or archived already. */
export async function archiveProductRow(db: Db, id: number, now: Date): Promise<boolean> {
  const [result] = await db
    .update(products)
    .set({ archivedAt: now, updatedAt: now })
    .where(and(eq(products.id, id), isNull(products.archivedAt)));
  return result.affectedRows === 1;
}

/** Adds (or with a negative delta, removes) units on hand; never lets stock go below zero. */
export async function addStockOnHand(db: Db, id: number, delta: number, now: Date): Promise<boolean> {
  const [result] = await db
    .update(products)
    .set({ stock: sql`${products.stock} + ${delta}`, updatedAt: now })
    .where(and(eq(products.id, id), delta < 0 ? gte(products.stock, -delta) : undefined));
  return result.affectedRows === 1;
}
