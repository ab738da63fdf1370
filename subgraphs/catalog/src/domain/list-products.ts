import { encodeCursor, MAX_PAGE_SIZE, type Page, type PageArgs, pageOf, pageRequest } from '@fcfs/shared';
import type { ProductFilter, SaleStatus } from '../__generated__/resolvers-types.ts';
import { countProducts, listProductsPage, type ProductListFilter } from '../db/products-repository.ts';
import type { ProductRow } from '../db/schema/index.ts';
import type { CatalogDependencies } from '../dependencies.ts';
import type { ProductLoaders } from './product-loaders.ts';
import { saleStatusOf } from './sale-status.ts';

export type ProductPage = Page<ProductRow>;

export interface ListProductsInput extends PageArgs {
  filter?: ProductFilter | null;
}

const WINDOW_OF: Record<SaleStatus, 'UPCOMING' | 'OPEN' | 'ENDED'> = {
  UPCOMING: 'UPCOMING',
  ON_SALE: 'OPEN',
  SOLD_OUT: 'OPEN',
  ENDED: 'ENDED',
};

/**
 * Newest first, keyset-paged. ON_SALE and SOLD_OUT depend on live Redis counters, so rows of an open
 * window are checked against them page by page instead of trusting MySQL's on-hand stock.
 */
export async function listProducts(
  deps: CatalogDependencies,
  loaders: ProductLoaders,
  { filter, ...args }: ListProductsInput,
  now: Date = new Date(),
): Promise<ProductPage> {
  const { limit, after: beforeId } = pageRequest(args);

  const statuses = filter?.saleStatus ?? [];
  const listFilter: ProductListFilter = {
    nameContains: filter?.search?.trim() || undefined,
    windowStates: [...new Set(statuses.map((status) => WINDOW_OF[status]))],
    now,
  };
  const needsLiveCheck = statuses.includes('ON_SALE') !== statuses.includes('SOLD_OUT');
  const matches = async (row: ProductRow) => {
    if (!needsLiveCheck) return true;
    const available = (await loaders.availableById.load(row.id)) ?? row.stock;
    return statuses.includes(saleStatusOf(row, available, now));
  };

  const picked: ProductRow[] = [];
  let cursorId = beforeId;
  let exhausted = false;
  while (picked.length <= limit && !exhausted) {
    const batch = await listProductsPage(deps.db, listFilter, { beforeId: cursorId, limit });
    exhausted = batch.length <= limit;
    for (const row of batch) {
      if (picked.length > limit) break;
      if (await matches(row)) picked.push(row);
    }
    cursorId = batch.at(-1)?.id;
    if (cursorId === undefined) exhausted = true;
  }

  return pageOf(
    picked,
    limit,
    (product) => encodeCursor(product.id),
    async () => {
      if (!needsLiveCheck) return countProducts(deps.db, listFilter);
      let total = 0;
      let from: number | undefined;
      for (;;) {
        const batch = await listProductsPage(deps.db, listFilter, { beforeId: from, limit: MAX_PAGE_SIZE });
        for (const row of batch.slice(0, MAX_PAGE_SIZE)) if (await matches(row)) total += 1;
        if (batch.length <= MAX_PAGE_SIZE) return total;
        from = batch[MAX_PAGE_SIZE - 1]?.id;
      }
    },
  );
}
