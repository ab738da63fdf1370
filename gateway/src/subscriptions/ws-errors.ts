import { isClientError, withoutSuggestion } from '@fcfs/shared';
import { GraphQLError } from 'graphql';

/**
 * What a client sees of an error on the socket: client and validation errors as they are (minus HTTP hints),
 * anything that wraps an internal failure masked, as maskError does over HTTP.
 */
export function forClient(error: GraphQLError): GraphQLError {
  if (error.originalError !== undefined && !isClientError(error)) {
    return new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  }
  const { http: _http, ...extensions } = error.extensions;
  return new GraphQLError(withoutSuggestion(error.message), {
    nodes: error.nodes,
    path: error.path,
    extensions,
  });
}
