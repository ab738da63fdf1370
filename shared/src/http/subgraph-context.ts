import type { IncomingHttpHeaders } from 'node:http';
import { GraphQLError } from 'graphql';
import {
  type ForwardedToken,
  type SignedOperation,
  type SubgraphSigningKey,
  type Viewer,
  verifyUserContext,
} from '../auth/index.ts';

export interface RequestLike {
  method: string;
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

const unsigned = () =>
  new GraphQLError('This service only answers requests signed by the gateway', {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
  });

/**
 * The operation exactly as Apollo will run it, or null when Apollo would run something the signature cannot
 * cover: a GET (the operation is in the URL) or a body without its query (a persisted-query hash Apollo would
 * look up on its own).
 */
function operationOf(req: RequestLike): SignedOperation | null {
  if (req.method !== 'POST' || typeof req.body !== 'object' || req.body === null) return null;
  const body = req.body as { query?: unknown; operationName?: unknown; variables?: unknown };
  if (typeof body.query !== 'string') return null;
  return {
    query: body.query,
    operationName: typeof body.operationName === 'string' ? body.operationName : null,
    variables:
      typeof body.variables === 'object' && body.variables !== null
        ? (body.variables as Record<string, unknown>)
        : {},
  };
}

/**
 * Verifies the gateway's signature over viewer, access token claims, subgraph and operation with this
 * subgraph's key. A request without a valid signature is refused outright, so a forged `x-fcfs-user-id`, a
 * public `_entities` query or a call the gateway signed for another subgraph gets nothing.
 */
export function verifiedViewerContext(key: SubgraphSigningKey, req: RequestLike): ViewerContext {
  const operation = operationOf(req);
  if (!operation) throw unsigned();
  const verified = verifyUserContext(key, req.headers, operation);
  if (!verified.ok) throw unsigned();
  const requestId = req.headers['x-request-id'];
  return {
    viewer: verified.viewer,
    accessToken: verified.token,
    requestId: Array.isArray(requestId) ? requestId[0] : requestId,
  };
}
