import {
  encodeCursor,
  type OrderStatus,
  type Page,
  type PageArgs,
  pageOf,
  pageRequest,
  type Viewer,
} from '@fcfs/shared';
import { countOrders, listOrdersPage } from '../db/orders-repository.ts';
import type { OrderRow } from '../db/schema/index.ts';
import { requireAccess } from './order-access.ts';
import type { OrdersDependencies } from './orders-dependencies.ts';

export type OrderPage = Page<OrderRow>;

export interface ListOrdersInput extends PageArgs {
  status?: readonly OrderStatus[] | null;
}

/** `User.orders`: newest first, keyset cursor pages, optionally only some statuses. */
export async function listOrders(
  deps: OrdersDependencies,
  viewer: Viewer | null,
  userId: string,
  { status, ...args }: ListOrdersInput,
): Promise<OrderPage> {
  requireAccess(viewer, userId, 'orders');
  const { limit, after } = pageRequest(args);
  const statuses = [...new Set(status ?? [])];
  const rows = await listOrdersPage(deps.db, userId, statuses, { beforeSeq: after, limit });
  return pageOf(
    rows,
    limit,
    (order) => encodeCursor(order.seq),
    () => countOrders(deps.db, userId, statuses),
  );
}
