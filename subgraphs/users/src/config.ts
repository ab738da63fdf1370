import { createPublicKey } from 'node:crypto';
import {
  baseEnv,
  databaseEnv,
  duration,
  jwtVerifyEnv,
  kafkaEnv,
  pemFile,
  portEnv,
  redisEnv,
  signingEnv,
} from '@fcfs/shared';
import { z } from 'zod';
import { DEFAULT_HASHING_POOL } from './domain/passwords/hashing-pool.ts';
import { parseIndexKey, parsePiiKeys } from './domain/pii/keys.ts';
import { es256PrivateKey } from './domain/sessions/access-token.ts';

const parsed =
  <T>(parse: (text: string) => T) =>
  (text: string, ctx: z.RefinementCtx): T => {
    try {
      return parse(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  };

const MIN_PRODUCTION_BCRYPT_COST = 10;

export const usersEnv = z
  .object({
    ...baseEnv,
    ...portEnv(4001),
    ...databaseEnv,
    ...redisEnv,
    ...kafkaEnv,
    ...signingEnv,
    ...jwtVerifyEnv,
    JWT_PRIVATE_KEY_FILE: pemFile.transform(parsed(es256PrivateKey)),
    ACCESS_TOKEN_TTL: duration('15m'),
    REFRESH_TOKEN_TTL: duration('30d'),
    SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }),
    MAIL_FROM: z.string().min(3).default('FCFS <no-reply@fcfs.local>'),
    /**
     * Order mails sent per second at most, per process. A sale's mails follow it rather than take the CPU and
     * the SMTP relay's sending quota from it: 2,000 paid orders are mailed within 20 s at the default.
     */
    ORDER_MAILS_PER_SECOND: z.coerce.number().int().min(1).default(100),
    PII_KEYS: z.string().min(1).transform(parsed(parsePiiKeys)),
    PII_INDEX_KEY: z.string().min(1).transform(parsed(parseIndexKey)),
    BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
    /** Worker threads that run bcrypt, so the event loop keeps answering while passwords are checked. */
    PASSWORD_HASH_THREADS: z.coerce.number().int().min(1).default(DEFAULT_HASHING_POOL.threads),
    /** Hashes that may wait for a thread; one more is refused at once with TEMPORARILY_UNAVAILABLE. */
    PASSWORD_HASH_QUEUE: z.coerce.number().int().min(0).default(DEFAULT_HASHING_POOL.maxQueued),
    /** The longest a hash may expect to wait for a thread, at the measured time per hash, before it is refused. */
    PASSWORD_HASH_MAX_WAIT: duration(`${DEFAULT_HASHING_POOL.maxWaitMs}ms`),
    /** login attempts one client address may make per minute (RATE_LIMITED beyond). */
    LOGIN_ATTEMPTS_PER_CLIENT_PER_MINUTE: z.coerce.number().int().min(1).default(60),
    /**
     * The part of the measured hashing capacity that logins of all clients together may use, per process
     * (TEMPORARILY_UNAVAILABLE beyond); the rest keeps sign-ups and password changes moving during a storm.
     */
    LOGIN_HASH_SHARE: z.coerce.number().gt(0).max(1).default(0.8),
    EMAIL_CODE_TTL: duration('10m'),
    EMAIL_VERIFICATION_TOKEN_TTL: duration('30m'),
    /** requestEmailVerification calls one client address may make per minute (one per email regardless). */
    VERIFICATION_REQUESTS_PER_CLIENT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.BCRYPT_COST < MIN_PRODUCTION_BCRYPT_COST) {
      ctx.addIssue({
        code: 'custom',
        path: ['BCRYPT_COST'],
        message: `must be at least ${MIN_PRODUCTION_BCRYPT_COST} in production`,
      });
    }
    // The gateway verifies with JWT_PUBLIC_KEY_FILE: a key pair that does not match fails every login later.
    const derived = createPublicKey(env.JWT_PRIVATE_KEY_FILE).export({ format: 'jwk' });
    try {
      const configured = createPublicKey(env.JWT_PUBLIC_KEY_FILE).export({ format: 'jwk' });
      if (derived.x !== configured.x || derived.y !== configured.y) throw new Error('mismatch');
    } catch {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_PUBLIC_KEY_FILE'],
        message: 'must be the public half of JWT_PRIVATE_KEY_FILE',
      });
    }
  });

export type UsersConfig = z.output<typeof usersEnv>;
