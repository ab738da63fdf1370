import { hkdfSync } from 'node:crypto';
import { open, seal } from './sealed-box.ts';

/**
 * The key users seals a profile address with in a `user.address-changed` event, and orders opens it with:
 * both hold the master secret, so Kafka and its readers see only ciphertext. Derive once at start.
 */
export const addressEventKey = (masterSecret: string): Buffer =>
  Buffer.from(hkdfSync('sha256', masterSecret, 'fcfs address events', 'fcfs address events v1', 32));

const context = (userId: string) => `user.address-changed\n${userId}`;

/** Bound to the user, so one user's sealed address cannot be replayed as another's. */
export const sealAddressEvent = (key: Buffer, userId: string, address: string): string =>
  seal(key, context(userId), address);

export const openAddressEvent = (key: Buffer, userId: string, sealed: string): string =>
  open(key, context(userId), sealed).toString('utf8');
