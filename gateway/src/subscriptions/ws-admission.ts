import {
  type ExecutionArgs,
  GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  parse,
  validate,
} from 'graphql';
import type { DirectiveGuard } from '../auth/directive-guard.ts';
import type { QueryLimiter } from '../limits/query-limits.ts';
import { forClient } from './ws-errors.ts';
import type { Session } from './ws-sessions.ts';

export interface AdmissionOptions {
  queryLimiter: QueryLimiter;
  directiveGuard: DirectiveGuard;
  /** Active subscriptions on one socket. */
  perSocket: number;
}

export interface SubscribeMessage {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

const tooManySubscriptions = (limit: number) =>
  new GraphQLError(`At most ${limit} subscriptions per connection: complete one first`, {
    extensions: { code: 'RATE_LIMITED', limit },
  });

const notASubscription = () =>
  new GraphQLError('Only subscriptions are served over WebSocket; send queries and mutations over HTTP', {
    extensions: { code: 'BAD_REQUEST' },
  });

/**
 * Whether a `subscribe` message may run on this session, with the same checks as HTTP: a valid document, a
 * subscription operation, the depth, alias and cost limits and the auth directives, and at most `perSocket`
 * subscriptions on the socket (`active` counts this one). Errors as the client sees them, or what to execute.
 */
export function admitSubscription(
  options: AdmissionOptions,
  schema: GraphQLSchema,
  session: Session,
  message: SubscribeMessage,
  active: number,
): ExecutionArgs | readonly GraphQLError[] {
  if (active > options.perSocket) return [tooManySubscriptions(options.perSocket)];
  let document: ExecutionArgs['document'];
  try {
    document = parse(message.query);
  } catch (error) {
    return [error instanceof GraphQLError ? error : new GraphQLError('The query does not parse')];
  }
  const validationErrors = validate(schema, document);
  if (validationErrors.length > 0) return validationErrors.map(forClient);
  const operation = getOperationAST(document, message.operationName);
  if (!operation) return [new GraphQLError('Name the operation to run')];
  if (operation.operation !== 'subscription') return [notASubscription()];
  try {
    options.queryLimiter.enforce(
      schema,
      document,
      message.operationName ?? undefined,
      message.variables ?? {},
    );
    options.directiveGuard.enforce(schema, document, operation, session.context.viewer);
  } catch (error) {
    if (error instanceof GraphQLError) return [forClient(error)];
    throw error;
  }
  return {
    schema,
    document,
    operationName: message.operationName,
    variableValues: message.variables,
    contextValue: session,
  };
}
