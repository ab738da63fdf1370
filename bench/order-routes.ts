import { randomUUID } from 'node:crypto';
import {
  type SignedOperation,
  type SubgraphSigningKey,
  signUserContext,
  subgraphSigningKey,
} from '@fcfs/shared';
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

/** One unit of `productId` under a fresh idempotency key: each call is a new order. */
export const placeOrderOperation = (productId: string) => ({
  query: PLACE_ORDER,
  variables: { input: { items: [{ productId, quantity: 1 }], idempotencyKey: randomUUID() } },
});

/** The headers our gateway would send orders for this buyer and operation, signed now. */
export const signedForOrders = (
  ordersKey: SubgraphSigningKey,
  buyer: BuyerSession,
  operation: SignedOperation,
): Record<string, string> =>
  signUserContext(ordersKey, { id: buyer.userId, role: 'CUSTOMER' }, operation, { token: buyer.claims });

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
    gateway: (buyer, productId) => clients.gateway.post(placeOrderOperation(productId), bearer(buyer.token)),
    direct: (buyer, productId) => {
      const operation = placeOrderOperation(productId);
      return clients.orders.post(operation, signedForOrders(ordersKey, buyer, operation));
    },
  };
}
