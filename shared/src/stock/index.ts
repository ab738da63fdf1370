export { CATALOG_PUBLISHED_KEY, REBUILD_REQUESTS_KEY, stockKeys } from './keys.ts';
export { type AdjustmentOutcome, StockAdjustments } from './stock-adjustments.ts';
export {
  type CounterSnapshot,
  type Hold,
  type OrderLine,
  type PublishOutcome,
  RESERVATION_REJECTIONS,
  type RebuildOutcome,
  type ReservationRejection,
  type ReservationResult,
  type SaleMetadata,
  StockCounters,
  type StockLevel,
} from './stock-counters.ts';
