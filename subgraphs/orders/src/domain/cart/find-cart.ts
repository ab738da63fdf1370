import type { Viewer } from '@fcfs/shared';
import { findCartItems } from '../../db/carts-repository.ts';
import type { CartItemRow } from '../../db/schema/index.ts';
import { requireAccess } from '../order-access.ts';
import type { OrdersDependencies } from '../orders-dependencies.ts';

export interface CartView {
  userId: string;
  items: CartItemRow[];
}

export async function loadCart(deps: OrdersDependencies, userId: string): Promise<CartView> {
  return { userId, items: await findCartItems(deps.db, userId) };
}

/** `User.cart`: the user's own cart, or any cart for an admin. */
export async function findCart(deps: OrdersDependencies, viewer: Viewer | null, userId: string) {
  requireAccess(viewer, userId, 'cart');
  return loadCart(deps, userId);
}
