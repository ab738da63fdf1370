import type { SaleStatus } from '../__generated__/resolvers-types.ts';

export interface SaleWindow {
  saleStartsAt: Date;
  saleEndsAt: Date | null;
}

/** The window decides first (a sold-out sale that ended is ENDED); within it, live availability does. */
export function saleStatusOf(window: SaleWindow, available: number, now: Date): SaleStatus {
  if (now < window.saleStartsAt) return 'UPCOMING';
  if (window.saleEndsAt && now >= window.saleEndsAt) return 'ENDED';
  return available > 0 ? 'ON_SALE' : 'SOLD_OUT';
}
