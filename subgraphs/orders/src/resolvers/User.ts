import type { UserResolvers } from '../__generated__/resolvers-types.ts';
import { findCart } from '../domain/cart/find-cart.ts';
import { listOrders } from '../domain/list-orders.ts';

export const User: UserResolvers = {
  __resolveReference: ({ id }) => ({ id }),
  cart: (user, _args, { deps, viewer }) => findCart(deps, viewer, user.id),
  orders: (user, args, { deps, viewer }) => listOrders(deps, viewer, user.id, args),
};
