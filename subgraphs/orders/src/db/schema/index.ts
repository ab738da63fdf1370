export { outbox, processedEvents } from '@fcfs/shared';
export { type BuyerKeyRow, buyerAddresses, buyerKeys } from './buyers.ts';
export { type CartItemRow, cartItems } from './carts.ts';
export {
  type NewOrderItemRow,
  type NewOrderRow,
  type OrderItemRow,
  type OrderRow,
  type OrderStatusChangeRow,
  orderItems,
  orderStatusHistory,
  orders,
  type PendingHoldStepRow,
  pendingHoldSteps,
} from './orders.ts';
export { stockLocks } from './stock-locks.ts';
