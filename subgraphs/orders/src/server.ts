import { readFileSync } from 'node:fs';
import { createSubgraphServer, type Logger } from '@fcfs/shared';
import { gql } from 'graphql-tag';
import type { OrdersContext } from './context.ts';
import { resolvers } from './resolvers/index.ts';

/**
 * `Subscription.orderStatusChanged` is declared here so it composes into the supergraph, but the gateway
 * serves it (over graphql-ws, from `order.status-changed`); this subgraph never resolves a subscription.
 */
export const typeDefs = gql(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));

export const createOrdersServer = (logger: Logger) =>
  createSubgraphServer<OrdersContext>({ typeDefs, resolvers, logger });
