import DataLoader from 'dataloader';
import { findBuyerKeys } from '../db/buyers-repository.ts';
import { findHistoryByOrderIds, findItemsByOrderIds, findOrdersByIds } from '../db/orders-repository.ts';
import type { BuyerKeyRow, OrderItemRow, OrderRow, OrderStatusChangeRow } from '../db/schema/index.ts';
import type { OrdersDependencies } from './orders-dependencies.ts';

export interface OrderLoaders {
  orderById: DataLoader<string, OrderRow | null>;
  /** N orders' lines (or histories) in one request → one SQL query. */
  itemsByOrderId: DataLoader<string, OrderItemRow[]>;
  historyByOrderId: DataLoader<string, OrderStatusChangeRow[]>;
  /** The wrapped data keys of the buyers whose shipping addresses a request reads. */
  buyerKeyByUserId: DataLoader<string, BuyerKeyRow | null>;
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
    buyerKeyByUserId: new DataLoader(async (userIds) => {
      const rows = await findBuyerKeys(deps.db, userIds);
      const byUser = new Map(rows.map((row) => [row.userId, row]));
      return userIds.map((userId) => byUser.get(userId) ?? null);
    }),
  };
}
