import DataLoader from 'dataloader';
import { findPaymentsByOrderIds } from '../db/payments-repository.ts';
import type { PaymentRow } from '../db/schema/index.ts';
import type { PaymentsDependencies } from './payments-dependencies.ts';

export interface PaymentLoaders {
  /** N orders' payments in one request → one SQL query. */
  paymentByOrderId: DataLoader<string, PaymentRow | null>;
}

export function createPaymentLoaders(deps: PaymentsDependencies): PaymentLoaders {
  return {
    paymentByOrderId: new DataLoader(async (orderIds) => {
      const rows = await findPaymentsByOrderIds(deps.db, orderIds);
      const byOrderId = new Map(rows.map((row) => [row.orderId, row]));
      return orderIds.map((orderId) => byOrderId.get(orderId) ?? null);
    }),
  };
}
