import DataLoader from 'dataloader';
import { findHistoryByOrderIds, findItemsByOrderIds, findOrdersByIds } from '../db/orders-repository.ts';
import type { OrderItemRow, OrderRow, OrderStatusChangeRow } from '../db/schema/index.ts';
import type { OrdersDependencies } from './orders-dependencies.ts';

export interface OrderLoaders {
  orderById: DataLoader<string, OrderRow | null>;
  /** N orders' lines (or histories) in one request → one SQL query. */
  itemsByOrderId: DataLoader<string, OrderItemRow[]>;
  historyByOrderId: DataLoader<string, OrderStatusChangeRow[]>;
}

const groupBy = <Row extends { orderId: string }>(ids: readonly string[], rows: Row[]): Row[][] => {
  const byOrder = new Map<string, Row[]>();
  for (const row of rows) byOrder.set(row.orderId, [...(byOrder.get(row.orderId) ?? []), row]);
  return ids.map((id) => byOrder.get(id) ?? []);
};

export function createOrderLoaders(deps: OrdersDependencies): OrderLoaders {
  return {
    orderById: new DataLoader(async (ids) => {
      const rows = await findOrdersByIds(deps.db, ids);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    itemsByOrderId: new DataLoader(async (ids) => groupBy(ids, await findItemsByOrderIds(deps.db, ids))),
    historyByOrderId: new DataLoader(async (ids) => groupBy(ids, await findHistoryByOrderIds(deps.db, ids))),
  };
}
