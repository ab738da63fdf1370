import { DateTimeResolver } from '@fcfs/shared';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { cartTotalPrice } from '../domain/cart/cart-total-price.ts';
import { Mutation } from './Mutation.ts';
import { Order } from './Order.ts';
import { Query } from './Query.ts';
import { User } from './User.ts';

export const resolvers: Resolvers = {
  DateTime: DateTimeResolver,
  Query,
  Mutation,
  User,
  Order,
  OrderItem: { product: (item) => ({ id: item.productId }) },
  OrderStatusChange: {
    from: (change) => change.fromStatus,
    to: (change) => change.toStatus,
    at: (change) => change.changedAt,
  },
  OrderConnection: { totalCount: (connection) => connection.totalCount() },
  Cart: {
    totalQuantity: (cart) => cart.items.reduce((sum, item) => sum + item.quantity, 0),
    totalPrice: (cart, _args, { deps }) => cartTotalPrice(deps, cart),
  },
  CartItem: { product: (item) => ({ id: item.productId }) },
};
