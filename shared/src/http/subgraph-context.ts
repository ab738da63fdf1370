import type { IncomingHttpHeaders } from 'node:http';
import { GraphQLError } from 'graphql';
import { type ForwardedToken, type Viewer, verifyUserContext } from '../auth/index.ts';

export interface RequestLike {
  headers: IncomingHttpHeaders;
  body?: unknown;
}

/** What every subgraph resolver sees of the caller. */
export interface ViewerContext {
  viewer: Viewer | null;
  /** The claims of the viewer's access token, for `logout` and `changePassword`; null when anonymous. */
  accessToken: ForwardedToken | null;
  requestId: string | undefined;
}

/**
 * Verifies the gateway's signature over viewer, access token claims and operation. A request without a valid
 * signature is refused outright, so a forged `x-fcfs-user-id` (or a public `_entities` query) gets nothing.
 */
export function verifiedViewerContext(secret: string, req: RequestLike): ViewerContext {
  const body = (req.body ?? {}) as { query?: unknown; variables?: unknown };
  const query = typeof body.query === 'string' ? body.query : '';
  const variables =
    typeof body.variables === 'object' && body.variables !== null
      ? (body.variables as Record<string, unknown>)
      : {};
  const verified = verifyUserContext(secret, req.headers, { query, variables });
  if (!verified.ok) {
    throw new GraphQLError('This service only answers requests signed by the gateway', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
  const requestId = req.headers['x-request-id'];
  return {
    viewer: verified.viewer,
    accessToken: verified.token,
    requestId: Array.isArray(requestId) ? requestId[0] : requestId,
  };
}
