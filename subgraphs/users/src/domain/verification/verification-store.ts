import { randomBytes, randomInt } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { PiiCipher } from '../pii/cipher.ts';

/** Wrong codes allowed for one mailed code; the last of them voids it. */
export const MAX_CODE_ATTEMPTS = 5;

/**
 * Codes and verification tokens in Redis. Keys carry the email's blind index, never the address, and
 * values are HMACs under the index key, so a Redis dump yields neither addresses nor usable codes. A code is
 * keyed by the email it was sent to (one live code per address: a new request replaces it).
 */
export const codeKey = (emailIndex: string) => `users:verification-code:${emailIndex}`;
export const tokenKey = (pii: PiiCipher, token: string) =>
  `users:verification-token:${pii.secretDigest('verification-token', token)}`;

// Compare and count in one step, so parallel guesses cannot exceed the attempt limit.
const CHECK_CODE = `
local stored = redis.call('HGET', KEYS[1], 'digest')
if not stored then return {'missing', 0} end
if stored == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return {'match', 0}
end
local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
if attempts >= tonumber(ARGV[2]) then redis.call('DEL', KEYS[1]) end
return {'wrong', attempts}
`;

export type CodeCheck =
  | { result: 'match' }
  | { result: 'missing' }
  | { result: 'wrong'; attemptsLeft: number };

export interface VerificationStore {
  /** Makes a new 6-digit code for the email, replacing any earlier one, and returns it for mailing. */
  issueCode: (emailIndex: string) => Promise<string>;
  checkCode: (emailIndex: string, code: string) => Promise<CodeCheck>;
  issueToken: (emailIndex: string) => Promise<{ token: string; expiresAt: Date }>;
  /** The blind index of the email a live token was issued for, or null when it is unknown, used or expired. */
  tokenEmailIndex: (token: string) => Promise<string | null>;
  /** Spends the token: only succeeds once. */
  consumeToken: (token: string) => Promise<boolean>;
}

export function createVerificationStore(
  redis: Redis,
  pii: PiiCipher,
  ttl: { codeMs: number; tokenMs: number },
): VerificationStore {
  const codeDigest = (emailIndex: string, code: string) =>
    pii.secretDigest('verification-code', `${emailIndex}:${code}`);

  return {
    issueCode: async (emailIndex) => {
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      await redis
        .multi()
        .del(codeKey(emailIndex))
        .hset(codeKey(emailIndex), { digest: codeDigest(emailIndex, code), attempts: 0 })
        .pexpire(codeKey(emailIndex), ttl.codeMs)
        .exec();
      return code;
    },
    checkCode: async (emailIndex, code) => {
      const [result, attempts] = (await redis.eval(
        CHECK_CODE,
        1,
        codeKey(emailIndex),
        codeDigest(emailIndex, code),
        MAX_CODE_ATTEMPTS,
      )) as [string, number];
      if (result === 'match') return { result: 'match' };
      if (result === 'missing') return { result: 'missing' };
      return { result: 'wrong', attemptsLeft: Math.max(0, MAX_CODE_ATTEMPTS - attempts) };
    },
    issueToken: async (emailIndex) => {
      const token = randomBytes(32).toString('base64url');
      await redis.set(tokenKey(pii, token), emailIndex, 'PX', ttl.tokenMs);
      return { token, expiresAt: new Date(Date.now() + ttl.tokenMs) };
    },
    tokenEmailIndex: (token) => redis.get(tokenKey(pii, token)),
    consumeToken: async (token) => (await redis.del(tokenKey(pii, token))) === 1,
  };
}
