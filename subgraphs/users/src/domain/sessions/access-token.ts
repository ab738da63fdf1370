import {
  createHash,
  createPrivateKey,
  createPublicKey,
  type JsonWebKey,
  type KeyObject,
  randomUUID,
} from 'node:crypto';
import type { Role } from '@fcfs/shared';
import jwt from 'jsonwebtoken';

/** Pinned: the gateway accepts this algorithm only, so a token cannot pick a weaker one (or `none`). */
export const ACCESS_TOKEN_ALGORITHM = 'ES256';

/** The claims users puts in an access token, beside `iss`, `aud`, `iat` and `exp`. */
export interface AccessTokenClaims {
  sub: string;
  role: Role;
  /** Session id: the refresh-token family this token was issued with; `logout` revokes it. */
  sid: string;
  jti: string;
}

export interface IssuedAccessToken {
  token: string;
  jti: string;
  expiresAt: Date;
}

export interface AccessTokenSigner {
  sign: (subject: { userId: string; role: Role; sessionId: string }) => IssuedAccessToken;
  /** The public half as a JSON Web Key Set, served at `/.well-known/jwks.json`. */
  jwks: () => { keys: JsonWebKey[] };
  /** Lifetime of an access token; also how long a per-user revocation mark has to live. */
  ttlMs: number;
}

/** Reads an ES256 (P-256) private key; anything else is refused at start, not at the first login. */
export function es256PrivateKey(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('must be an EC P-256 private key (ES256)');
  }
  return key;
}

/** RFC 7638 thumbprint: a key id that any holder of the public key can recompute. */
function thumbprint(jwk: JsonWebKey): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash('sha256').update(canonical).digest('base64url');
}

export function createAccessTokenSigner(options: {
  privateKey: KeyObject;
  issuer: string;
  audience: string;
  ttlMs: number;
  now?: () => number;
}): AccessTokenSigner {
  const { privateKey, issuer, audience, ttlMs, now = Date.now } = options;
  const publicJwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const kid = thumbprint(publicJwk);
  const ttlSeconds = Math.floor(ttlMs / 1000);

  return {
    ttlMs,
    sign: ({ userId, role, sessionId }) => {
      const jti = randomUUID();
      const issuedAt = Math.floor(now() / 1000);
      const token = jwt.sign({ role, sid: sessionId, iat: issuedAt }, privateKey, {
        algorithm: ACCESS_TOKEN_ALGORITHM,
        expiresIn: ttlSeconds,
        issuer,
        audience,
        subject: userId,
        jwtid: jti,
        keyid: kid,
      });
      return { token, jti, expiresAt: new Date((issuedAt + ttlSeconds) * 1000) };
    },
    jwks: () => ({ keys: [{ ...publicJwk, kid, alg: ACCESS_TOKEN_ALGORITHM, use: 'sig' }] }),
  };
}
