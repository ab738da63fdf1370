import type { ServeOptions } from '@fcfs/shared';
import type { AccessTokenSigner } from './domain/sessions/access-token.ts';

export const JWKS_PATH = '/.well-known/jwks.json';

/**
 * Publishes the access-token public key as a JWKS. The gateway can verify with the PEM file
 * (JWT_PUBLIC_KEY_FILE) when both run on one machine, but a JWKS keyed by `kid` is what lets the key pair be
 * rotated without redeploying the gateway (serve old and new keys side by side), and lets any other verifier
 * fetch the key over HTTP instead of being handed a file.
 */
type Routes = NonNullable<ServeOptions<Record<string, never>>['routes']>;

export const jwksRoute =
  (signer: AccessTokenSigner): Routes =>
  (app) => {
    const body = signer.jwks();
    app.get(JWKS_PATH, (_req, res) => {
      res.set('cache-control', 'public, max-age=300').json(body);
    });
  };
