import { randomUUID } from 'node:crypto';
import { signUserContext, subgraphSigningKey } from '@fcfs/shared';
import type { BuyerSession } from './accounts.ts';
import { bearer, type GraphQLClient, type TimedResponse } from './graphql-client.ts';

/** How a buyer's placeOrder reaches the orders subgraph: through the gateway, or straight to orders. */
export const ROUTES = ['gateway', 'direct'] as const;
export type Route = (typeof ROUTES)[number];

export type PlaceOrder = (
  buyer: BuyerSession,
  productId: string,
) => Promise<TimedResponse<{ placeOrder: { id: string } }>>;

const PLACE_ORDER = /* GraphQL */ `
  mutation Buy($input: PlaceOrderInput!) { placeOrder(input: $input) { id status } }
`;

const operationFor = (productId: string) => ({
  query: PLACE_ORDER,
  variables: { input: { items: [{ productId, quantity: 1 }], idempotencyKey: randomUUID() } },
});

/**
 * Direct requests carry what the gateway would add: the viewer and its token's claims, signed with a fresh
 * timestamp over this very query and variables, so each one is signed on its own like the gateway's.
 */
export function orderRoutes(
  clients: { gateway: GraphQLClient; orders: GraphQLClient },
  signingSecret: string,
): Record<Route, PlaceOrder> {
  const ordersKey = subgraphSigningKey(signingSecret, 'orders');
  return {
    gateway: (buyer, productId) => clients.gateway.post(operationFor(productId), bearer(buyer.token)),
    direct: (buyer, productId) => {
      const operation = operationFor(productId);
      const viewer = { id: buyer.userId, role: 'CUSTOMER' as const };
      return clients.orders.post(
        operation,
        signUserContext(ordersKey, viewer, operation, { token: buyer.claims }),
      );
    },
  };
}
