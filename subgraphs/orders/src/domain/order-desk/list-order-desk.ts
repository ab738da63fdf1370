import { badUserInput, parseInput, requireAdmin, type Viewer } from '@fcfs/shared';
import { countOrderDesk, findOrderDeskPage, type OrderDeskFilter } from '../../db/order-desk-repository.ts';
import type { OrderPage } from '../list-orders.ts';
import type { OrdersDependencies } from '../orders-dependencies.ts';
import { type OrderDeskArgs, orderDeskInput } from './order-desk-input.ts';
import { decodePlacementCursor, encodePlacementCursor } from './placement-cursor.ts';

const DEFAULT_PAGE_SIZE = 20;

/**
 * `Query.orders`, the admin order desk: every order matching the filter, newest placement first (ties by
 * id), in keyset pages. Each filter has its own index, so a page reads about `first` rows however many
 * orders match.
 */
export async function listOrderDesk(
  deps: Pick<OrdersDependencies, 'db'>,
  viewer: Viewer | null,
  args: OrderDeskArgs,
): Promise<OrderPage> {
  requireAdmin(viewer);
  const { filter, first, after } = parseInput(orderDeskInput, args);
  const position = after ? decodePlacementCursor(after) : undefined;
  if (after && !position) throw badUserInput('after is not a cursor from this list', 'after');
  const where: OrderDeskFilter = {
    status: filter?.status ?? undefined,
    productId: filter?.productId ?? undefined,
    userId: filter?.userId ?? undefined,
    placedAfter: filter?.placedAfter ?? undefined,
    placedBefore: filter?.placedBefore ?? undefined,
  };
  const limit = first ?? DEFAULT_PAGE_SIZE;

  const rows = await findOrderDeskPage(deps.db, where, position, limit + 1);
  const page = rows.slice(0, limit);
  const cursorOf = (order: (typeof page)[number]) =>
    encodePlacementCursor({ placedAt: order.createdAt, id: order.id });
  const last = page.at(-1);
  return {
    edges: page.map((node) => ({ cursor: cursorOf(node), node })),
    pageInfo: { hasNextPage: rows.length > limit, endCursor: last ? cursorOf(last) : null },
    totalCount: () => countOrderDesk(deps.db, where),
  };
}
