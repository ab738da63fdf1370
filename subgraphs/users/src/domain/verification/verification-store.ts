import { randomBytes, randomInt } from 'node:crypto';
import type { Redis } from '@fcfs/shared';
import type { PiiCipher } from '../pii/cipher.ts';

/** Wrong codes allowed for one mailed code; the last of them voids it. */
export const MAX_CODE_ATTEMPTS = 5;
/**
 * Wrong codes allowed for one email per day, over every code mailed to it: one code a minute times
 * MAX_CODE_ATTEMPTS would otherwise be 7,200 guesses a day at a million codes. Past it even the right code is
 * refused, until a day has passed since the first of those failures.
 */
export const MAX_FAILED_CODES_PER_DAY = 10;
const DAY_MS = 86_400_000;

/**
 * What a mailed code is for. Each purpose has its own live code and its own day of wrong tries, under the
 * same limits, so a sign-up code never resets a password and a reset code never verifies a sign-up.
 */
export type CodePurpose = 'verification' | 'password-reset';

/**
 * Codes and verification tokens in Redis. Keys carry the email's blind index, never the address, and
 * values are HMACs under the index key, so a Redis dump yields neither addresses nor usable codes. A code is
 * keyed by the email it was sent to and its purpose (one live code per address and purpose: a new request
 * replaces it).
 */
// The email's index is their hash tag: the check script reads both keys, which Redis Cluster allows in one slot.
export const codeKey = (emailIndex: string, purpose: CodePurpose = 'verification') =>
  `users:${purpose}-code:{${emailIndex}}`;
export const failuresKey = (emailIndex: string, purpose: CodePurpose = 'verification') =>
  `users:${purpose}-failures:{${emailIndex}}`;
export const tokenKey = (pii: PiiCipher, token: string) =>
  `users:verification-token:${pii.secretDigest('verification-token', token)}`;

/**
 * Compares and counts in one step, so parallel guesses cannot exceed either limit. A guess for an email with
 * no code pending counts toward the day like a wrong one: the caller cannot tell the two apart, and the day's
 * budget holds whatever was guessed.
 * KEYS: the code, the email's failures today. ARGV: the guess's digest, MAX_CODE_ATTEMPTS,
 * MAX_FAILED_CODES_PER_DAY, the day in ms. Returns 1 for a match, else 0.
 */
const CHECK_CODE = `
if tonumber(redis.call('GET', KEYS[2]) or '0') >= tonumber(ARGV[3]) then return 0 end
local stored = redis.call('HGET', KEYS[1], 'digest')
if stored == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
redis.call('INCR', KEYS[2])
if redis.call('PTTL', KEYS[2]) < 0 then redis.call('PEXPIRE', KEYS[2], ARGV[4]) end
if stored and redis.call('HINCRBY', KEYS[1], 'attempts', 1) >= tonumber(ARGV[2]) then
  redis.call('DEL', KEYS[1])
end
return 0
`;

export interface VerificationStore {
  /**
   * Makes a new 6-digit code for the email and purpose (sign-up verification unless told), replacing any
   * earlier one of that purpose, and returns it for mailing.
   */
  issueCode: (emailIndex: string, purpose?: CodePurpose) => Promise<string>;
  /**
   * True when `code` is the live code of the email for the purpose and the email has failures left today for
   * it; spends the code, in the same Redis step as the comparison, so of parallel checks of one code only one
   * is true.
   */
  checkCode: (emailIndex: string, code: string, purpose?: CodePurpose) => Promise<boolean>;
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
  const codeDigest = (emailIndex: string, code: string, purpose: CodePurpose) =>
    pii.secretDigest(`${purpose}-code`, `${emailIndex}:${code}`);

  return {
    issueCode: async (emailIndex, purpose = 'verification') => {
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const key = codeKey(emailIndex, purpose);
      await redis
        .multi()
        .del(key)
        .hset(key, { digest: codeDigest(emailIndex, code, purpose), attempts: 0 })
        .pexpire(key, ttl.codeMs)
        .exec();
      return code;
    },
    checkCode: async (emailIndex, code, purpose = 'verification') =>
      (await redis.eval(
        CHECK_CODE,
        2,
        codeKey(emailIndex, purpose),
        failuresKey(emailIndex, purpose),
        codeDigest(emailIndex, code, purpose),
        MAX_CODE_ATTEMPTS,
        MAX_FAILED_CODES_PER_DAY,
        DAY_MS,
      )) === 1,
    issueToken: async (emailIndex) => {
      const token = randomBytes(32).toString('base64url');
      await redis.set(tokenKey(pii, token), emailIndex, 'PX', ttl.tokenMs);
      return { token, expiresAt: new Date(Date.now() + ttl.tokenMs) };
    },
    tokenEmailIndex: (token) => redis.get(tokenKey(pii, token)),
    consumeToken: async (token) => (await redis.del(tokenKey(pii, token))) === 1,
  };
}
