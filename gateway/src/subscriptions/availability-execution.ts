import { badUserInput, parseInput, withoutSuggestion } from '@fcfs/shared';
import {
  type ExecutionArgs,
  type ExecutionResult,
  execute,
  GraphQLError,
  getArgumentValues,
  getOperationAST,
  getVariableValues,
} from 'graphql';
import { z } from 'zod';
import { rootFields } from '../operation.ts';
import type { AvailabilityFeed } from './availability-feed.ts';
import { forClient } from './ws-errors.ts';
import type { Session } from './ws-sessions.ts';

/** A shelf page shows at most 100 products (`products(first:)`'s limit); one subscription covers it. */
export const MAX_WATCHED_PRODUCTS = 100;

const productIds = z
  .array(z.string().trim().min(1, 'an id is empty').max(64, 'an id is at most 64 characters'))
  .min(1, 'name at least one product')
  .max(MAX_WATCHED_PRODUCTS, `at most ${MAX_WATCHED_PRODUCTS} products per subscription`);

type Subscribe = (args: ExecutionArgs) => ExecutionResult | AsyncIterableIterator<ExecutionResult>;

/**
 * Runs an admitted `productAvailabilityChanged`: listens to the products on the availability feed and shapes
 * each update with the subscriber's own selection (executed against the update, no I/O). Unlike order
 * status, an update is not checked against the deny-list one by one: it holds nothing personal, and with
 * thousands of shelves open that would be a Redis call per update per socket; the sessions' periodic sweep
 * still closes a revoked socket.
 */
export function productAvailabilitySubscriptions({ feed }: { feed: AvailabilityFeed }): Subscribe {
  return (args) => {
    const session = args.contextValue as Session;
    const operation = getOperationAST(args.document, args.operationName);
    const [field] = operation ? rootFields(args.document, operation) : [];
    const definition = field && args.schema.getSubscriptionType()?.getFields()[field.name.value];
    if (!operation || !field || !definition) {
      return { errors: [new GraphQLError('Subscription.productAvailabilityChanged is not in the schema')] };
    }
    const coerced = getVariableValues(
      args.schema,
      operation.variableDefinitions ?? [],
      args.variableValues ?? {},
    );
    if (coerced.errors) {
      return { errors: coerced.errors.map((error) => badUserInput(withoutSuggestion(error.message))) };
    }
    let ids: string[];
    try {
      ids = parseInput(
        productIds,
        getArgumentValues(definition, field, coerced.coerced).productIds,
        'productIds',
      );
    } catch (error) {
      if (error instanceof GraphQLError) return { errors: [forClient(error)] };
      throw error;
    }
    const stream = feed.listen(ids);
    const updates = stream[Symbol.asyncIterator]();
    const done = (): IteratorReturnResult<undefined> => ({ value: undefined, done: true });
    const results: AsyncIterableIterator<ExecutionResult> = {
      [Symbol.asyncIterator]: () => results,
      next: async () => {
        const next = await updates.next();
        if (next.done) return done();
        const result = await execute({ ...args, rootValue: { [field.name.value]: next.value } });
        return { value: result, done: false };
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
