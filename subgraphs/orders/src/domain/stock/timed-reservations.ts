import type { OrdersMetrics } from '../../metrics.ts';
import type { StockReservations } from './stock-reservations.ts';

/** The same reservations, each one timed by strategy and result (a thrown reservation counts as `error`). */
export function timedReservations(
  reservations: StockReservations,
  metrics: Pick<OrdersMetrics, 'reservationTook'>,
): StockReservations {
  return {
    strategy: reservations.strategy,
    async reserve(orderId, userId, lines) {
      const started = performance.now();
      let result = 'error';
      try {
        const reservation = await reservations.reserve(orderId, userId, lines);
        result = reservation.ok ? 'ok' : reservation.reason;
        return reservation;
      } finally {
        metrics.reservationTook(reservations.strategy, result, (performance.now() - started) / 1000);
      }
    },
  };
}
