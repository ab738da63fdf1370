import { badUserInput, parseInput, requireViewer, type Viewer, withOutcome } from '@fcfs/shared';
import { deleteCartLines, findCartItems } from '../db/carts-repository.ts';
import { findOrderById } from '../db/orders-repository.ts';
import type { OrderRow } from '../db/schema/index.ts';
import { sealShippingAddress } from './buyers/shipping-address.ts';
import { openOrder } from './open-order.ts';
import { orderIdFor } from './order-id.ts';
import { checkoutCartInput, MAX_ORDER_LINES } from './order-input.ts';
import type { OrdersDependencies } from './orders-dependencies.ts';

export interface CheckoutCartArgs {
  productIds?: readonly string[] | null;
  idempotencyKey: string;
  paymentMethod?: string | null;
  shippingAddress?: string | null;
}

/** Orders the cart (or the listed lines of it); the ordered lines leave the cart in the order's transaction. */
export function checkoutCart(
  deps: OrdersDependencies,
  viewer: Viewer | null,
  args: CheckoutCartArgs,
): Promise<OrderRow> {
  return withOutcome(
    (code) => deps.metrics.orderAttempted('checkoutCart', code),
    () => checkout(deps, viewer, args),
  );
}

async function checkout(
  deps: OrdersDependencies,
  viewer: Viewer | null,
  args: CheckoutCartArgs,
): Promise<OrderRow> {
  const buyer = requireViewer(viewer);
  const { productIds, idempotencyKey, paymentMethod, shippingAddress } = parseInput(checkoutCartInput, args);
  // A retry after success finds the cart lines gone; the order it already made is the answer.
  const existing = await findOrderById(deps.db, orderIdFor(buyer.id, idempotencyKey));
  if (existing) return existing;

  const cart = await findCartItems(deps.db, buyer.id);
  const inCart = new Set(cart.map((item) => item.productId));
  const missing = productIds?.find((id) => !inCart.has(id));
  if (missing !== undefined) throw badUserInput(`Product ${missing} is not in the cart`, 'productIds');
  const chosen = productIds ? cart.filter((item) => productIds.includes(item.productId)) : cart;
  if (chosen.length === 0) throw badUserInput('The cart is empty', 'productIds');
  if (chosen.length > MAX_ORDER_LINES) {
    throw badUserInput(`An order has at most ${MAX_ORDER_LINES} lines`, 'productIds');
  }

  const lines = chosen.map(({ productId, quantity }) => ({ productId, quantity }));
  const shippingAddressCiphertext = await sealShippingAddress(deps, buyer.id, shippingAddress);
  const request = { lines, idempotencyKey, paymentMethod, shippingAddressCiphertext };
  return openOrder(deps, buyer, request, (tx) =>
    deleteCartLines(
      tx,
      buyer.id,
      lines.map((line) => line.productId),
    ),
  );
}
