import DataLoader from 'dataloader';
import { findProductsByIds } from '../db/products-repository.ts';
import type { ProductRow } from '../db/schema/index.ts';
import type { CatalogDependencies } from '../dependencies.ts';

export interface ProductLoaders {
  /** N product lookups in one request → one SQL query. */
  productById: DataLoader<number, ProductRow | null>;
  /** N live counters → one Redis round trip. Null when the counters are missing. */
  availableById: DataLoader<number, number | null>;
}

export function createProductLoaders(deps: CatalogDependencies): ProductLoaders {
  return {
    productById: new DataLoader(async (ids) => {
      const rows = await findProductsByIds(deps.db, ids);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    availableById: new DataLoader(async (ids) => {
      const levels = await deps.stock.levels(ids.map(String));
      return levels.map((level) => level?.available ?? null);
    }),
  };
}
