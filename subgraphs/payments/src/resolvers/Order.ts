import type { OrderResolvers } from '../__generated__/resolvers-types.ts';
import { paymentOfOrder } from '../domain/order-payment.ts';

/** No __resolveReference: the gateway's `{ id }` representation is all an Order is here. */
export const Order: OrderResolvers = {
  payment: (order, _args, { viewer, loaders }) => paymentOfOrder(viewer, loaders, order.id),
};
