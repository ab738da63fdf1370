import { clientError, type ReservationRejection, temporarilyUnavailable } from '@fcfs/shared';

const REJECTION_MESSAGES: Record<Exclude<ReservationRejection, 'COUNTERS_MISSING'>, string> = {
  OUT_OF_STOCK: 'is sold out',
  SALE_NOT_STARTED: 'is not on sale yet',
  SALE_ENDED: 'is no longer on sale',
  PURCHASE_LIMIT_EXCEEDED: 'would exceed your purchase limit',
};

/** The GraphQL error a refused reservation answers: one code naming the product, or retry while it is rebuilt. */
export function reservationRefusal(reason: ReservationRejection, productId: string) {
  if (reason === 'COUNTERS_MISSING') {
    return temporarilyUnavailable(`Stock of product ${productId} is being restored`, 1);
  }
  return clientError(reason, `Product ${productId} ${REJECTION_MESSAGES[reason]}`, { productId });
}
