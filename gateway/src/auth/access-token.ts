import { createPublicKey, type KeyObject } from 'node:crypto';
import { ROLES, unauthenticated, type Viewer } from '@fcfs/shared';
import jwt from 'jsonwebtoken';
import { z } from 'zod';

/** Pinned: a token naming another algorithm (`none`, or HS256 "signed" with the public key) is refused. */
export const ACCESS_TOKEN_ALGORITHMS: jwt.Algorithm[] = ['ES256'];

/** A verified access token: who it speaks for and the claims revocation and logout need. */
export interface VerifiedToken {
  viewer: Viewer;
  jti: string;
  /** Session (refresh-token family) id. */
  sid: string | null;
  /** Unix seconds. */
  issuedAt: number;
  /** Unix seconds. */
  expiresAt: number;
}

const claimsShape = z.object({
  sub: z.string().min(1).max(64),
  role: z.enum(ROLES),
  jti: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  sid: z.string().max(64).optional(),
  iat: z.number().int(),
  exp: z.number().int(),
});

export interface AccessTokenVerifier {
  /** Verifies signature, algorithm, `iss`, `aud` and `exp`; throws UNAUTHENTICATED otherwise. */
  verify: (token: string) => VerifiedToken;
}

/** Reads the users' ES256 public key; any other key type is refused at start. */
export function es256PublicKey(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('must be an EC P-256 public key (ES256)');
  }
  return key;
}

/** Verified tokens remembered per gateway process; the oldest is forgotten first past this many. */
const REMEMBERED_TOKENS = 20_000;

/**
 * A token's signature, issuer and audience are facts that cannot change, so each token string is verified
 * once (ES256 costs more CPU than the rest of the gateway's checks together) and only its expiry is checked on
 * every use. Revocation is not remembered here: the request gate asks Redis on every operation.
 */
export function createAccessTokenVerifier(options: {
  publicKey: KeyObject;
  issuer: string;
  audience: string;
}): AccessTokenVerifier {
  const verifySignature = signatureVerifier(options);
  const verified = new Map<string, VerifiedToken>();
  return {
    verify: (token) => {
      let claims = verified.get(token);
      if (!claims) {
        claims = verifySignature(token);
        if (verified.size >= REMEMBERED_TOKENS) verified.delete(verified.keys().next().value ?? '');
        verified.set(token, claims);
      }
      if (claims.expiresAt * 1_000 <= Date.now()) {
        verified.delete(token);
        throw unauthenticated('The access token has expired');
      }
      return claims;
    },
  };
}

function signatureVerifier(options: {
  publicKey: KeyObject;
  issuer: string;
  audience: string;
}): (token: string) => VerifiedToken {
  const { publicKey, issuer, audience } = options;
  return (token) => {
    let payload: string | jwt.JwtPayload;
    try {
      payload = jwt.verify(token, publicKey, { algorithms: ACCESS_TOKEN_ALGORITHMS, issuer, audience });
    } catch (error) {
      throw unauthenticated(
        error instanceof jwt.TokenExpiredError
          ? 'The access token has expired'
          : 'The access token is invalid',
      );
    }
    const claims = claimsShape.safeParse(payload);
    if (!claims.success) throw unauthenticated('The access token is invalid');
    const { sub, role, jti, sid, iat, exp } = claims.data;
    return { viewer: { id: sub, role }, jti, sid: sid ?? null, issuedAt: iat, expiresAt: exp };
  };
}
