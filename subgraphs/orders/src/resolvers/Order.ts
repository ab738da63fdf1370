import type { OrderResolvers } from '../__generated__/resolvers-types.ts';
import { revealShippingAddress } from '../domain/buyers/shipping-address.ts';
import { findVisibleOrder } from '../domain/find-order.ts';

export const Order: OrderResolvers = {
  __resolveReference: ({ id }, { loaders, viewer }) => findVisibleOrder(loaders, viewer, id),
  user: (order) => ({ id: order.userId }),
  items: (order, _args, { loaders }) => loaders.itemsByOrderId.load(order.id),
  statusHistory: (order, _args, { loaders }) => loaders.historyByOrderId.load(order.id),
  shippingAddress: (order, _args, { deps, loaders, viewer }) =>
    revealShippingAddress(deps, loaders, viewer, order),
};
