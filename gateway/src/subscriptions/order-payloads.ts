import { randomUUID } from 'node:crypto';
import type { ApolloServer } from '@apollo/server';
import { type ExecutionResult, GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { GatewayContext } from '../context.ts';
import type { OrderQuery } from './order-query.ts';
import type { OrderStatusChange } from './order-status-feed.ts';

export interface OrderPayloads {
  /**
   * The payload of `change` for a subscription that selects `orderQuery`, or null when the caller may not see
   * the order (any more).
   */
  resolve: (
    change: OrderStatusChange,
    orderQuery: OrderQuery,
    context: GatewayContext,
  ) => Promise<ExecutionResult | null>;
}

const fromFormatted = (error: GraphQLFormattedError) =>
  new GraphQLError(error.message, { path: error.path, extensions: error.extensions });

/**
 * Resolves each change once per order, selection and viewer, however many subscriptions wait for it: the
 * feed hands every subscriber the same change object, so the pending or settled query is remembered beside
 * it and forgotten with it. A buyer with several tabs, or one subscription for all orders and one for this
 * order, costs one query through the supergraph per change instead of one per subscription.
 */
export function createOrderPayloads(apollo: ApolloServer<GatewayContext>): OrderPayloads {
  const perChange = new WeakMap<OrderStatusChange, Map<string, Promise<ExecutionResult | null>>>();

  const execute = async (
    change: OrderStatusChange,
    orderQuery: OrderQuery,
    context: GatewayContext,
  ): Promise<ExecutionResult | null> => {
    const response = await apollo.executeOperation(
      { query: orderQuery.query, variables: orderQuery.variablesFor(change.orderId) },
      // After the change: never the reply of a read that was in flight before it.
      { contextValue: { ...context, requestId: randomUUID(), freshReads: true } },
    );
    if (response.body.kind !== 'single') return null;
    const { data, errors } = response.body.singleResult;
    // Null without errors: orders does not show this order to this caller (any more).
    const order = data?.[orderQuery.responseKey] ?? null;
    if (order === null && !errors?.length) return null;
    const asOfChange =
      order !== null && typeof order === 'object'
        ? {
            ...data,
            [orderQuery.responseKey]: {
              ...order,
              ...Object.fromEntries(orderQuery.statusKeys.map((key) => [key, change.to])),
            },
          }
        : (data ?? null);
    return { data: asOfChange, ...(errors ? { errors: errors.map(fromFormatted) } : {}) };
  };

  return {
    resolve: (change, orderQuery, context) => {
      const key = JSON.stringify([
        context.viewer?.id ?? null,
        context.viewer?.role ?? null,
        orderQuery.query,
        orderQuery.variablesFor(change.orderId),
      ]);
      let payloads = perChange.get(change);
      if (!payloads) {
        payloads = new Map();
        perChange.set(change, payloads);
      }
      let payload = payloads.get(key);
      if (!payload) {
        payload = execute(change, orderQuery, context);
        payloads.set(key, payload);
      }
      return payload;
    },
  };
}
