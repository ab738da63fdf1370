import { parseInput, requireViewer, type Viewer, withOutcome } from '@fcfs/shared';
import type { PlaceOrderInput } from '../__generated__/resolvers-types.ts';
import type { OrderRow } from '../db/schema/index.ts';
import { sealShippingAddress } from './buyers/shipping-address.ts';
import { openOrder } from './open-order.ts';
import { placeOrderInput } from './order-input.ts';
import type { OrdersDependencies } from './orders-dependencies.ts';

export function placeOrder(
  deps: OrdersDependencies,
  viewer: Viewer | null,
  input: PlaceOrderInput,
): Promise<OrderRow> {
  return withOutcome(
    (code) => deps.metrics.orderAttempted('placeOrder', code),
    async () => {
      const buyer = requireViewer(viewer);
      const { items, idempotencyKey, paymentMethod, shippingAddress } = parseInput(
        placeOrderInput,
        input,
        'input',
      );
      const shippingAddressCiphertext = await sealShippingAddress(deps, buyer.id, shippingAddress);
      return openOrder(deps, buyer, {
        lines: items,
        idempotencyKey,
        paymentMethod,
        shippingAddressCiphertext,
      });
    },
  );
}
