import type { IncomingHttpHeaders } from 'node:http';
import {
  type RequestLike,
  subgraphSigningKey,
  type ViewerContext,
  verifiedViewerContext,
} from '@fcfs/shared';
import type { UsersDependencies } from './dependencies.ts';
import { createUserLoaders, type UserLoaders } from './domain/user-loaders.ts';

/** Set by the gateway, unsigned: a replay that changes it still runs the same operation for the same caller. */
const CLIENT_ADDRESS_HEADER = 'x-forwarded-for';

/** Rate limits still apply, all together, to requests whose client address is unknown. */
const UNKNOWN_CLIENT = 'unknown';

export interface UsersContext extends ViewerContext {
  deps: UsersDependencies;
  loaders: UserLoaders;
  clientAddress: string;
}

const single = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
};

/** The gateway sets `x-forwarded-for` to the one address it saw; the first entry is taken if there are more. */
const clientAddressOf = (headers: IncomingHttpHeaders): string =>
  single(headers, CLIENT_ADDRESS_HEADER)?.split(',')[0]?.trim() || UNKNOWN_CLIENT;

export const createContextFactory = (deps: UsersDependencies, signingSecret: string) => {
  const signingKey = subgraphSigningKey(signingSecret, 'users');
  return async ({ req }: { req: RequestLike }): Promise<UsersContext> => ({
    ...verifiedViewerContext(signingKey, req),
    deps,
    loaders: createUserLoaders(deps),
    clientAddress: clientAddressOf(req.headers),
  });
};
