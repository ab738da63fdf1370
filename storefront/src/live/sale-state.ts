import type { SaleStatus } from '../__generated__/graphql.ts';

/**
 * What a shelf shows now. The server's status is a snapshot: an UPCOMING sale whose start has passed on the
 * server clock is open even before the next snapshot arrives.
 */
export function saleStateAt(
  product: {
    saleStatus: SaleStatus;
    saleStartsAt: string;
    saleEndsAt?: string | null;
    availableStock: number;
  },
  now: number,
): SaleStatus {
  if (product.saleEndsAt && Date.parse(product.saleEndsAt) <= now) return 'ENDED';
  if (product.saleStatus === 'UPCOMING' && Date.parse(product.saleStartsAt) <= now) {
    return product.availableStock > 0 ? 'ON_SALE' : 'SOLD_OUT';
  }
  return product.saleStatus;
}

export const SALE_LABELS: Record<SaleStatus, string> = {
  UPCOMING: 'Upcoming',
  ON_SALE: 'On sale',
  SOLD_OUT: 'Sold out',
  ENDED: 'Sale ended',
};
