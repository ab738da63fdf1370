import type { ApolloServerPlugin, GraphQLResponse } from '@apollo/server';
import { CLIENT_VISIBLE_CODES, INTERNAL_ERROR_CODE } from '@fcfs/shared';
import type { GatewayContext } from './context.ts';
import type { GatewayMetrics } from './metrics.ts';
import { rootFields } from './operation.ts';

/** Distinct operation labels one process reports before the rest count as `other`: names are the client's choice. */
const MAX_OPERATION_LABELS = 100;

/** `ok`, or the code of the first error exactly as the client receives it (after formatError). */
const resultOf = (response: GraphQLResponse): string => {
  const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
  const [first] = errors ?? [];
  if (!first) return 'ok';
  const code = first.extensions?.code;
  return CLIENT_VISIBLE_CODES.has(code) ? String(code) : INTERNAL_ERROR_CODE;
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
        async willSendResponse({ operation, operationName, document, response }) {
          const label =
            operation && document
              ? bounded(
                  operationName ??
                    [...new Set(rootFields(document, operation).map((field) => field.name.value))]
                      .sort()
                      .join('+'),
                )
              : 'unresolved';
          metrics.requestAnswered(label, resultOf(response), (performance.now() - started) / 1000);
        },
      };
    },
  };
}
