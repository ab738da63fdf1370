import { hkdfSync } from 'node:crypto';
import type { KeyEncryptionKey } from './data-keys.ts';

/**
 * The key-encryption key orders wraps its per-buyer data keys with, derived from the master secret so
 * orders needs no secret of its own. Its id names the derivation: a later key can be added beside it and
 * the wrapped keys re-wrapped lazily. Derive once at start.
 */
export const ordersPiiKey = (masterSecret: string): KeyEncryptionKey => ({
  id: 'orders-v1',
  key: Buffer.from(hkdfSync('sha256', masterSecret, 'fcfs orders pii', 'fcfs orders pii v1', 32)),
});
