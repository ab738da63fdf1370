import type { QueryResolvers } from '../__generated__/resolvers-types.ts';
import { findVisibleOrder } from '../domain/find-order.ts';
import { listOrderDesk } from '../domain/order-desk/list-order-desk.ts';

export const Query: QueryResolvers = {
  order: (_parent, { id }, { loaders, viewer }) => findVisibleOrder(loaders, viewer, id),
  orders: (_parent, args, { deps, viewer }) => listOrderDesk(deps, viewer, args),
};
