export { outbox, processedEvents } from '@fcfs/shared';
export { type NewProductRow, type ProductRow, products } from './products.ts';
export { SETTLEMENT_ID_LENGTH, settlements } from './settlements.ts';
export {
  ADJUSTMENT_REASON_LENGTH,
  type NewStockAdjustmentRow,
  type StockAdjustmentRow,
  stockAdjustments,
} from './stock-adjustments.ts';
