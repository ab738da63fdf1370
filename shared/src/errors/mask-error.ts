import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { ERROR_CODES, INTERNAL_ERROR_CODE } from './codes.ts';

const CLIENT_VISIBLE = new Set<unknown>([
  ...ERROR_CODES,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Apollo `formatError`: client errors pass through (without stack traces), everything else becomes a generic
 * INTERNAL_SERVER_ERROR so no SQL text, host name or stack reaches a response. `onInternal` gets the original.
 */
export function maskError(onInternal: (error: unknown) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (CLIENT_VISIBLE.has(code)) {
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    onInternal(unwrapResolverError(error));
    return {
      message: 'Internal server error',
      extensions: { code: INTERNAL_ERROR_CODE },
      ...(formatted.path ? { path: formatted.path } : {}),
    };
  };
}
