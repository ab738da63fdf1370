import { createHmac, createSecretKey, hkdfSync, type KeyObject, timingSafeEqual } from 'node:crypto';

/**
 * The key payment ids are made with. Only the holders of the master secret can derive it: payments, which
 * issues the ids, and orders, which accepts a payment result only if it names the id of its order.
 */
export interface PaymentIdKey {
  readonly purpose: 'payment ids';
  /** A KeyObject: one made from a Buffer on every HMAC costs more than the HMAC (see subgraph-signing-key). */
  readonly key: KeyObject;
}

const SALT = 'fcfs payment ids';
const INFO = 'fcfs payment ids v1';
const KEY_BYTES = 32;

/** HKDF-SHA256 with its own salt and label: no subgraph's signing key is this key. Derive once at start. */
export function paymentIdKey(masterSecret: string): PaymentIdKey {
  return {
    purpose: 'payment ids',
    key: createSecretKey(Buffer.from(hkdfSync('sha256', masterSecret, SALT, INFO, KEY_BYTES))),
  };
}

/**
 * The id of the one payment of an order: HMAC-SHA256 of the order id, its first 128 bits written as a
 * version-8 (vendor-defined) UUID, so it keeps the 36 characters of the random ids before it. 122 bits of
 * the MAC remain, far beyond guessing: a writer to Kafka without the key cannot make up an order's payment id.
 */
export function paymentIdFor({ key }: PaymentIdKey, orderId: string): string {
  const bytes = createHmac('sha256', key).update(orderId).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Whether `paymentId` is the id payments issued for `orderId`, compared in constant time. */
export function isPaymentIdOf(key: PaymentIdKey, orderId: string, paymentId: string): boolean {
  const expected = Buffer.from(paymentIdFor(key, orderId));
  const named = Buffer.from(paymentId);
  return named.length === expected.length && timingSafeEqual(named, expected);
}
