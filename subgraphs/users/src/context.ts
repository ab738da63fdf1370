import type { IncomingHttpHeaders } from 'node:http';
import { type RequestLike, type ViewerContext, verifiedViewerContext } from '@fcfs/shared';
import type { UsersDependencies } from './dependencies.ts';
import type { PresentedAccessToken } from './domain/logout.ts';
import { createUserLoaders, type UserLoaders } from './domain/user-loaders.ts';

/**
 * Headers the gateway adds beside the signed user context: the verified access token's `jti`, `exp` and
 * `sid` claims (for `logout` and `changePassword`) and the client's address (for rate limits). They are read
 * only after the signature checked out, i.e. only from the gateway.
 */
export const GATEWAY_HEADERS = {
  tokenId: 'x-fcfs-token-jti',
  tokenExpiresAt: 'x-fcfs-token-exp',
  sessionId: 'x-fcfs-token-sid',
  clientAddress: 'x-forwarded-for',
} as const;

/** Rate limits still apply, all together, to requests whose client address is unknown. */
const UNKNOWN_CLIENT = 'unknown';

export interface UsersContext extends ViewerContext {
  deps: UsersDependencies;
  loaders: UserLoaders;
  clientAddress: string;
  accessToken: PresentedAccessToken | null;
}

const single = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
};

/** The gateway sets `x-forwarded-for` to the one address it saw; the first entry is taken if there are more. */
const clientAddressOf = (headers: IncomingHttpHeaders): string =>
  single(headers, GATEWAY_HEADERS.clientAddress)?.split(',')[0]?.trim() || UNKNOWN_CLIENT;

function presentedAccessToken(headers: IncomingHttpHeaders): PresentedAccessToken | null {
  const jti = single(headers, GATEWAY_HEADERS.tokenId);
  const exp = Number(single(headers, GATEWAY_HEADERS.tokenExpiresAt));
  if (!jti || !/^[A-Za-z0-9_-]{1,64}$/.test(jti) || !Number.isSafeInteger(exp)) return null;
  const sid = single(headers, GATEWAY_HEADERS.sessionId);
  return { jti, expiresAt: exp, sessionId: sid && /^[0-9a-f-]{36}$/.test(sid) ? sid : null };
}

export const createContextFactory =
  (deps: UsersDependencies, signingSecret: string) =>
  async ({ req }: { req: RequestLike }): Promise<UsersContext> => {
    const verified = verifiedViewerContext(signingSecret, req);
    return {
      ...verified,
      deps,
      loaders: createUserLoaders(deps),
      clientAddress: clientAddressOf(req.headers),
      accessToken: verified.viewer ? presentedAccessToken(req.headers) : null,
    };
  };
