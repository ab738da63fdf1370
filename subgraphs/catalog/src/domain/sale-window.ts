import type { SaleWindow } from './sale-status.ts';

export interface ProductWindow extends SaleWindow {
  archivedAt: Date | null;
}

/**
 * The window a product really sells in: archiving ends it at the moment of archiving (and a sale that had
 * not started yet starts and ends there too, so a buyer hears SALE_ENDED rather than SALE_NOT_STARTED).
 * Published to Redis and shown as the sale status; the product's own saleStartsAt/saleEndsAt stay as set.
 */
export function saleWindowOf(product: ProductWindow): SaleWindow {
  const { archivedAt } = product;
  if (!archivedAt) return { saleStartsAt: product.saleStartsAt, saleEndsAt: product.saleEndsAt };
  const earliest = (...dates: Date[]) => new Date(Math.min(...dates.map((date) => date.getTime())));
  const endsAt = product.saleEndsAt ? earliest(product.saleEndsAt, archivedAt) : archivedAt;
  return { saleStartsAt: earliest(product.saleStartsAt, endsAt), saleEndsAt: endsAt };
}
