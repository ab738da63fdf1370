import { type PageArgs, pageOf, pageRequest, parseInput, requireAdmin, type Viewer } from '@fcfs/shared';
import { countOrderDesk, findOrderDeskPage } from '../../db/order-desk-repository.ts';
import type { OrderRow } from '../../db/schema/index.ts';
import type { OrderPage } from '../list-orders.ts';
import type { OrdersDependencies } from '../orders-dependencies.ts';
import { type OrderDeskFilterInput, orderDeskFilter } from './order-desk-input.ts';
import { decodePlacementCursor, encodePlacementCursor } from './placement-cursor.ts';

export interface OrderDeskArgs extends PageArgs {
  filter?: OrderDeskFilterInput | null;
}

const cursorOf = (order: OrderRow) => encodePlacementCursor({ placedAt: order.createdAt, id: order.id });

/**
 * `Query.orders`, the admin order desk: every order matching the filter, newest placement first (ties by
 * id), in keyset pages. Each filter has its own index, so a page reads about `first` rows however many
 * orders match.
 */
export async function listOrderDesk(
  deps: Pick<OrdersDependencies, 'db'>,
  viewer: Viewer | null,
  { filter, ...args }: OrderDeskArgs,
): Promise<OrderPage> {
  requireAdmin(viewer);
  const where = parseInput(orderDeskFilter, filter ?? {}, 'filter');
  const { limit, after } = pageRequest(args, decodePlacementCursor);
  const rows = await findOrderDeskPage(deps.db, where, after, limit + 1);
  return pageOf(rows, limit, cursorOf, () => countOrderDesk(deps.db, where));
}
