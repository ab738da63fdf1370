import { type ExecutionArgs, type ExecutionResult, GraphQLError, getOperationAST } from 'graphql';
import { rootFields } from '../operation.ts';

type Subscribe = (args: ExecutionArgs) => ExecutionResult | AsyncIterableIterator<ExecutionResult>;

/** Hands an admitted subscription to the runner of its root field (validation allows exactly one). */
export function subscriptionsByField(runners: Record<string, Subscribe>): Subscribe {
  return (args) => {
    const operation = getOperationAST(args.document, args.operationName);
    const [field] = operation ? rootFields(args.document, operation) : [];
    const runner = field && Object.hasOwn(runners, field.name.value) ? runners[field.name.value] : undefined;
    if (!runner) {
      return {
        errors: [new GraphQLError(`This gateway serves only ${Object.keys(runners).join(' and ')}`)],
      };
    }
    return runner(args);
  };
}
