import type { MutationResolvers } from '../__generated__/resolvers-types.ts';
import { cancelOrder } from '../domain/cancel-order.ts';
import { addToCart } from '../domain/cart/add-to-cart.ts';
import { removeFromCart } from '../domain/cart/remove-from-cart.ts';
import { updateCartItem } from '../domain/cart/update-cart-item.ts';
import { checkoutCart } from '../domain/checkout-cart.ts';
import { placeOrder } from '../domain/place-order.ts';
import { requestReturn } from '../domain/request-return.ts';

export const Mutation: MutationResolvers = {
  addToCart: (_parent, { productId, quantity }, { deps, viewer }) =>
    addToCart(deps, viewer, productId, quantity),
  updateCartItem: (_parent, { productId, quantity }, { deps, viewer }) =>
    updateCartItem(deps, viewer, productId, quantity),
  removeFromCart: (_parent, { productId }, { deps, viewer }) => removeFromCart(deps, viewer, productId),
  placeOrder: (_parent, { input }, { deps, viewer }) => placeOrder(deps, viewer, input),
  checkoutCart: (_parent, args, { deps, viewer }) => checkoutCart(deps, viewer, args),
  cancelOrder: (_parent, { id }, { deps, viewer }) => cancelOrder(deps, viewer, id),
  requestReturn: (_parent, { id, reason }, { deps, viewer }) => requestReturn(deps, viewer, id, reason),
};
