export { stockKeys } from './keys.ts';
export {
  type OrderLine,
  RESERVATION_REJECTIONS,
  type ReservationRejection,
  type ReservationResult,
  type SaleMetadata,
  StockCounters,
  type StockLevel,
} from './stock-counters.ts';
