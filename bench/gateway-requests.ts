import { signUserContext, subgraphSigningKey } from '@fcfs/shared';
import type { AccountFactory, BenchAccount, BuyerSession } from './accounts.ts';
import { PRODUCT_QUERY } from './gateway-overhead.ts';
import { bearer } from './graphql-client.ts';
import type { LoadRequest, LoadTarget } from './load-run.ts';
import type { OrderBook } from './order-book.ts';
import { placeOrderOperation, signedForOrders } from './order-routes.ts';

/** Our gateway, Hive Gateway on the same supergraph and subgraphs, and the one subgraph that answers, signed. */
export const TARGETS = ['ours', 'hive', 'direct'] as const;
export type Target = (typeof TARGETS)[number];

export const OPERATIONS = ['product', 'myOrders', 'placeOrder'] as const;
export type Operation = (typeof OPERATIONS)[number];

const MY_ORDERS = /* GraphQL */ `query MyOrders { me { orders(first: 5) { edges { node { status items { product { name } } payment { status } } } } } }`;

/** Orders the reader holds before `myOrders` is measured: each answer joins orders, catalog and payments. */
export const READER_ORDERS = 3;

export const JSON_HEADERS = { 'content-type': 'application/json' };

export interface GatewaysContext {
  urls: { ours: string; hive: string; catalog: string; orders: string };
  signingSecret: string;
  accounts: AccountFactory;
  orderBook: OrderBook;
  /** A product with stock no run sells out, and a purchase limit no buyer reaches. */
  productId: string;
  /** The first reads `myOrders`; the others take turns placing orders. */
  buyers: BenchAccount[];
}

/** The buyers' tokens for one run. */
export interface Sessions {
  reader: BuyerSession;
  placers: BuyerSession[];
}

export const body = (operation: { query: string; variables?: Record<string, unknown> }) =>
  JSON.stringify(operation);

export function requestsFor(
  context: GatewaysContext,
  operation: Operation,
  target: Target,
  sessions: Sessions,
): LoadTarget | null {
  const gatewayUrl = target === 'ours' ? context.urls.ours : context.urls.hive;
  if (operation === 'product') {
    const product = { query: PRODUCT_QUERY, variables: { id: context.productId } };
    // Signed once per run, as bench/gateway-overhead.ts does: a signature is good for a minute, a run lasts seconds.
    const headers =
      target === 'direct'
        ? {
            ...JSON_HEADERS,
            ...signUserContext(subgraphSigningKey(context.signingSecret, 'catalog'), null, product),
          }
        : JSON_HEADERS;
    const request: LoadRequest = { body: body(product), headers };
    return { url: target === 'direct' ? context.urls.catalog : gatewayUrl, next: () => request };
  }
  if (operation === 'myOrders') {
    // Four subgraphs answer it: no single one can stand for it.
    if (target === 'direct') return null;
    const request: LoadRequest = {
      body: body({ query: MY_ORDERS }),
      headers: { ...JSON_HEADERS, ...bearer(sessions.reader.token) },
    };
    return { url: gatewayUrl, next: () => request };
  }
  const ordersKey = subgraphSigningKey(context.signingSecret, 'orders');
  let turn = 0;
  const nextPlacer = (): BuyerSession => {
    turn = (turn + 1) % sessions.placers.length;
    const placer = sessions.placers[turn];
    if (!placer) throw new Error('no buyers to place orders');
    return placer;
  };
  return {
    url: target === 'direct' ? context.urls.orders : gatewayUrl,
    next: () => {
      const buyer = nextPlacer();
      const order = placeOrderOperation(context.productId);
      const headers = target === 'direct' ? signedForOrders(ordersKey, buyer, order) : bearer(buyer.token);
      return { body: body(order), headers: { ...JSON_HEADERS, ...headers } };
    },
  };
}
