import {
  badUserInput,
  decodeCursor,
  encodeCursor,
  MAX_PAGE_SIZE,
  type OrderStatus,
  type Viewer,
} from '@fcfs/shared';
import { countOrders, listOrdersPage } from '../db/orders-repository.ts';
import type { OrderRow } from '../db/schema/index.ts';
import { requireAccess } from './order-access.ts';
import type { OrdersDependencies } from './orders-dependencies.ts';

export interface OrderPage {
  edges: { cursor: string; node: OrderRow }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: () => Promise<number>;
}

export interface ListOrdersInput {
  first?: number | null;
  after?: string | null;
  status?: readonly OrderStatus[] | null;
}

/** `User.orders`: newest first, keyset cursor pages, optionally only some statuses. */
export async function listOrders(
  deps: OrdersDependencies,
  viewer: Viewer | null,
  userId: string,
  { first, after, status }: ListOrdersInput,
): Promise<OrderPage> {
  requireAccess(viewer, userId, 'orders');
  const limit = first ?? 20;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) {
    throw badUserInput(`first must be between 0 and ${MAX_PAGE_SIZE}`, 'first');
  }
  const beforeSeq = after ? decodeCursor(after) : undefined;
  if (after && beforeSeq === undefined) throw badUserInput('after is not a cursor from this list', 'after');
  const statuses = [...new Set(status ?? [])];

  const rows = await listOrdersPage(deps.db, userId, statuses, { beforeSeq, limit });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    edges: page.map((node) => ({ cursor: encodeCursor(node.seq), node })),
    pageInfo: { hasNextPage: rows.length > limit, endCursor: last ? encodeCursor(last.seq) : null },
    totalCount: () => countOrders(deps.db, userId, statuses),
  };
}
