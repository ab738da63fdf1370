import {
  type ForwardedToken,
  ROLES,
  type Role,
  type SignedOperation,
  type SubgraphSigningKey,
  signUserContext,
  subgraphSigningKey,
  type Viewer,
} from '@fcfs/shared';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';

type Claims = Record<string, unknown>;

/** What Hive's JWT plugin puts in the context once it verified the bearer token. */
interface VerifiedJwt {
  jwt?: { payload: Claims };
}

const isRole = (value: unknown): value is Role => (ROLES as readonly unknown[]).includes(value);

/** The viewer and token claims our gateway forwards, from a payload Hive's JWT plugin verified; null when anonymous. */
function identityOf(claims: Claims | undefined): { viewer: Viewer | null; token: ForwardedToken | null } {
  if (!claims) return { viewer: null, token: null };
  const { sub, role, jti, exp, sid } = claims;
  if (typeof sub !== 'string' || !isRole(role) || typeof jti !== 'string' || typeof exp !== 'number')
    return { viewer: null, token: null };
  return {
    viewer: { id: sub, role },
    token: { jti, expiresAt: exp, sessionId: typeof sid === 'string' ? sid : null },
  };
}

/**
 * Hive's counterpart of gateway/src/auth/subgraph-headers.ts: every subgraph request carries the signed user
 * context, with the key derived for that subgraph, over the exact query, operation name and variables of the
 * body Hive is about to send, so the subgraphs accept Hive as they accept our gateway.
 */
export function useSubgraphSigning(
  masterSecret: string,
  subgraphUrls: Record<string, string>,
): GatewayPlugin<VerifiedJwt> {
  const keyByUrl = new Map<string, SubgraphSigningKey>(
    Object.entries(subgraphUrls).map(([name, url]) => [url, subgraphSigningKey(masterSecret, name)]),
  );
  return {
    onFetch({ url, options, setOptions, context }) {
      const key = keyByUrl.get(url);
      if (!key || typeof options.body !== 'string') return;
      const operation = JSON.parse(options.body) as SignedOperation;
      const claims = 'jwt' in context ? context.jwt?.payload : undefined;
      const { viewer, token } = identityOf(claims);
      setOptions({
        ...options,
        headers: { ...options.headers, ...signUserContext(key, viewer, operation, { token }) },
      });
    },
  };
}
