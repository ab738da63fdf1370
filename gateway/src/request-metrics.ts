import type { ApolloServerPlugin } from '@apollo/server';
import { isClientError } from '@fcfs/shared';
import type { GraphQLError } from 'graphql';
import type { GatewayContext } from './context.ts';
import type { GatewayMetrics } from './metrics.ts';
import { rootFields } from './operation.ts';

/** Distinct operation labels one process reports before the rest count as `other`: names are the client's choice. */
const MAX_OPERATION_LABELS = 100;

/** Apollo's own codes for requests refused before execution; any other unknown code is reported as internal. */
const APOLLO_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

const resultOf = (errors: readonly GraphQLError[] | undefined): string => {
  const [first] = errors ?? [];
  if (!first) return 'ok';
  const code = first.extensions.code;
  if (isClientError(first) || (typeof code === 'string' && APOLLO_CODES.has(code))) return String(code);
  return 'INTERNAL_SERVER_ERROR';
};

/**
 * Times every HTTP operation into `fcfs_gateway_request_duration_seconds`. The operation label is the
 * operation's name, or for an anonymous one its root fields (`placeOrder`, `me+products`), so clients that do
 * not name operations are still told apart; an operation that never resolved is `unresolved`. Labels are
 * capped, because a client can send any name.
 */
export function requestMetrics(metrics: GatewayMetrics): ApolloServerPlugin<GatewayContext> {
  const labels = new Set<string>();
  const bounded = (label: string) => {
    if (labels.has(label)) return label;
    if (labels.size >= MAX_OPERATION_LABELS) return 'other';
    labels.add(label);
    return label;
  };
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operation, operationName, document, errors }) {
          const label =
            operation && document
              ? bounded(
                  operationName ??
                    [...new Set(rootFields(document, operation).map((field) => field.name.value))]
                      .sort()
                      .join('+'),
                )
              : 'unresolved';
          metrics.requestAnswered(label, resultOf(errors), (performance.now() - started) / 1000);
        },
      };
    },
  };
}
