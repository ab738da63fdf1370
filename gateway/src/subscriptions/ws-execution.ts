import { badUserInput, unauthenticated, withoutSuggestion } from '@fcfs/shared';
import {
  type ExecutionArgs,
  type ExecutionResult,
  GraphQLError,
  getArgumentValues,
  getOperationAST,
  getVariableValues,
} from 'graphql';
import { rootFields } from '../operation.ts';
import type { OrderPayloads } from './order-payloads.ts';
import { orderQueryFor } from './order-query.ts';
import type { OrderStatusFeed } from './order-status-feed.ts';
import { forClient } from './ws-errors.ts';
import type { Session, Sessions } from './ws-sessions.ts';

export interface ExecutionOptions {
  feed: OrderStatusFeed;
  payloads: OrderPayloads;
  sessions: Pick<Sessions, 'revoked'>;
}

type Subscribe = (args: ExecutionArgs) => ExecutionResult | AsyncIterableIterator<ExecutionResult>;

/**
 * Runs an admitted `orderStatusChanged`: listens to the viewer's changes (of one order, or all of theirs) on
 * the feed and resolves each through the supergraph as the subscriber (order-payloads.ts), until the client
 * completes, the socket closes, or the token is revoked.
 */
export function orderStatusSubscriptions({ feed, payloads, sessions }: ExecutionOptions): Subscribe {
  return (args) => {
    const session = args.contextValue as Session;
    const { context } = session;
    const operation = getOperationAST(args.document, args.operationName);
    const [field] = operation ? rootFields(args.document, operation) : [];
    const subscriptionType = args.schema.getSubscriptionType();
    const definition = field && subscriptionType?.getFields()[field.name.value];
    if (!operation || !field || !definition || field.name.value !== 'orderStatusChanged') {
      return { errors: [new GraphQLError('This gateway serves only Subscription.orderStatusChanged')] };
    }
    const viewer = context.viewer;
    if (!viewer) return { errors: [forClient(unauthenticated())] };
    const coerced = getVariableValues(
      args.schema,
      operation.variableDefinitions ?? [],
      args.variableValues ?? {},
    );
    if (coerced.errors) {
      return { errors: coerced.errors.map((error) => badUserInput(withoutSuggestion(error.message))) };
    }
    const { orderId } = getArgumentValues(definition, field, coerced.coerced);
    const orderQuery = orderQueryFor(args.document, operation, field, coerced.coerced);
    const stream = feed.listen(viewer.id, typeof orderId === 'string' ? orderId : null);

    const changes = stream[Symbol.asyncIterator]();
    const done = (): IteratorReturnResult<undefined> => ({ value: undefined, done: true });
    // A hand-made iterator rather than an async generator: graphql-ws ends a subscription with `return()`,
    // which a generator would only honour after its next change — closing the stream ends the wait at once.
    const results: AsyncIterableIterator<ExecutionResult> = {
      [Symbol.asyncIterator]: () => results,
      next: async () => {
        for (;;) {
          const next = await changes.next();
          if (next.done || (await sessions.revoked(session))) return done();
          const result = await payloads.resolve(next.value, orderQuery, context);
          if (result) return { value: result, done: false };
        }
      },
      return: async () => {
        stream.close();
        session.streams.delete(stream);
        return done();
      },
    };
    session.streams.add(stream);
    return results;
  };
}
