import { createHash } from 'node:crypto';

/**
 * The order id of a purchase attempt: a name-based UUID (version 8, SHA-256) of the buyer and their
 * idempotency key. Every retry of one attempt, however concurrent, names the same order row and the same
 * Redis hold, so neither can be taken twice.
 */
export function orderIdFor(userId: string, idempotencyKey: string): string {
  const hash = createHash('sha256').update(`fcfs-order\u0000${userId}\u0000${idempotencyKey}`).digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Anything that cannot be an order id is simply not found, without a query. */
export const isOrderId = (id: string): boolean => UUID.test(id);
