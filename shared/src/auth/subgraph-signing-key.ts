import { createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';

/** The HMAC key of the signed user context for one subgraph, derived from the gateway's master secret. */
export interface SubgraphSigningKey {
  readonly subgraph: string;
  /** A KeyObject, not a Buffer: Node 24 turns a Buffer key into one on every HMAC, 7× the cost of the HMAC itself. */
  readonly key: KeyObject;
}

const SALT = 'fcfs signed user context';
const KEY_BYTES = 32;

/**
 * HKDF-SHA256 (RFC 5869) with the subgraph's name as `info`: each subgraph holds a key that verifies only
 * what was signed for it, and none of them can sign for another. Derive once at start: a derivation costs
 * tens of microseconds, too much for every request.
 */
export function subgraphSigningKey(masterSecret: string, subgraph: string): SubgraphSigningKey {
  const key = createSecretKey(
    Buffer.from(hkdfSync('sha256', masterSecret, SALT, `subgraph:${subgraph}`, KEY_BYTES)),
  );
  return { subgraph, key };
}
