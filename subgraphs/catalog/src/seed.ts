import { eq } from 'drizzle-orm';
import { products } from './db/schema/index.ts';
import type { CatalogDependencies } from './dependencies.ts';
import { createProduct } from './domain/create-product.ts';

const DAY = 86_400_000;

/** The demo shelf of `pnpm seed`: one sale open now, one upcoming, one nearly sold out. Idempotent by name. */
export async function seedDemoProducts(deps: CatalogDependencies, now: Date = new Date()): Promise<string[]> {
  const demo = [
    {
      name: 'FCFS Limited Sneakers',
      description: 'Numbered pair, on sale now. Two per buyer.',
      price: 189_000,
      stock: 100,
      saleStartsAt: new Date(now.getTime() - 60_000),
      saleEndsAt: new Date(now.getTime() + 7 * DAY),
      purchaseLimit: 2,
    },
    {
      name: 'FCFS Tomorrow Drop Jacket',
      description: 'Goes on sale in 24 hours.',
      price: 329_000,
      stock: 50,
      saleStartsAt: new Date(now.getTime() + DAY),
      saleEndsAt: new Date(now.getTime() + 8 * DAY),
      purchaseLimit: 1,
    },
    {
      name: 'FCFS Last Few Caps',
      description: 'Only three left.',
      price: 39_000,
      stock: 3,
      saleStartsAt: new Date(now.getTime() - DAY),
      saleEndsAt: null,
      purchaseLimit: 1,
    },
  ];
  const created: string[] = [];
  for (const product of demo) {
    const [existing] = await deps.db
      .select({ id: products.id })
      .from(products)
      .where(eq(products.name, product.name));
    if (existing) continue;
    const row = await createProduct(deps, { id: 'seed', role: 'ADMIN' }, product, now);
    created.push(`${row.id} ${row.name}`);
  }
  return created;
}
