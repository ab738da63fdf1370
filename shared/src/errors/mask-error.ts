import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { ERROR_CODES, INTERNAL_ERROR_CODE } from './codes.ts';
import { isOutage } from './outage.ts';

/** The codes a client may see: ours, and the refusals Apollo Server raises itself. */
export const CLIENT_VISIBLE_CODES: ReadonlySet<unknown> = new Set<unknown>([
  ...ERROR_CODES,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** What a client sees when a database, Redis or a subgraph is unreachable: retry, nothing was half-done. */
const OUTAGE_RETRY_SECONDS = 1;

/**
 * Apollo `formatError`: client errors pass through (without stack traces); an outage of a dependency becomes
 * TEMPORARILY_UNAVAILABLE with a retry hint; everything else becomes a generic INTERNAL_SERVER_ERROR, so no
 * SQL text, host name or stack reaches a response. `onInternal` gets the original of both.
 */
export function maskError(onInternal: (error: unknown) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (CLIENT_VISIBLE_CODES.has(code)) {
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    const original = unwrapResolverError(error);
    onInternal(original);
    if (isOutage(original)) {
      return {
        message: `A service is temporarily unavailable, retry in ${OUTAGE_RETRY_SECONDS}s`,
        extensions: { code: 'TEMPORARILY_UNAVAILABLE', retryAfterSeconds: OUTAGE_RETRY_SECONDS },
        ...(formatted.path ? { path: formatted.path } : {}),
      };
    }
    return {
      message: 'Internal server error',
      extensions: { code: INTERNAL_ERROR_CODE },
      ...(formatted.path ? { path: formatted.path } : {}),
    };
  };
}
