import { addressEventKey, createRateLimiter, type Logger, type RateLimiter, type Redis } from '@fcfs/shared';
import type { UsersConfig } from './config.ts';
import type { UsersDatabase } from './db/client.ts';
import { LoginBudget } from './domain/login-budget.ts';
import { createPasswordHasher, type PasswordHasher } from './domain/passwords/hasher.ts';
import { createHashingPool } from './domain/passwords/hashing-pool.ts';
import { createPiiCipher, type PiiCipher } from './domain/pii/cipher.ts';
import { createUserKeys, type UserKeys } from './domain/pii/user-keys.ts';
import { type AccessTokenSigner, createAccessTokenSigner } from './domain/sessions/access-token.ts';
import { createVerificationStore, type VerificationStore } from './domain/verification/verification-store.ts';
import type { Mailer } from './mail/mailer.ts';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
/** 10 000 keys of 32 bytes is well under 2 MB; five minutes bounds how long another replica holds an erased key. */
const USER_KEY_CACHE = { maxKeys: 10_000, ttlMs: 5 * MINUTE };

/** Everything the users domain functions need, built once in app.ts (or by a test). */
export interface UsersDependencies {
  db: UsersDatabase;
  redis: Redis;
  pii: PiiCipher;
  /** Each user's data key, wrapped by the PII keys; the profile is sealed under it. */
  userKeys: UserKeys;
  passwords: PasswordHasher;
  accessTokens: AccessTokenSigner;
  verification: VerificationStore;
  mailer: Mailer;
  /** Seals the profile address in `user.address-changed` for orders. */
  addressEventKey: Buffer;
  /** Wakes the outbox relay after a commit that enqueued events. */
  eventsEnqueued: () => void;
  /** Wakes the order-mail sender after the consumer queued a mail. */
  orderMailsQueued: () => void;
  limits: {
    verificationPerEmail: RateLimiter;
    verificationPerClient: RateLimiter;
    /** The same rules as the two above, counted apart, so a sign-up code does not hold back a reset. */
    passwordResetPerEmail: RateLimiter;
    passwordResetPerClient: RateLimiter;
    loginFailures: RateLimiter;
    loginPerClient: RateLimiter;
    loginOverall: LoginBudget;
  };
  settings: { emailCodeTtlMs: number; refreshTokenTtlMs: number };
  logger: Logger;
}

/** Wires the dependencies from validated config and the connections app.ts (or a test) opened. */
export function buildUsersDependencies(
  config: UsersConfig,
  connections: {
    db: UsersDatabase;
    redis: Redis;
    mailer: Mailer;
    logger: Logger;
    /** Absent in tests that do not run a relay: the relay's own polling picks the events up. */
    eventsEnqueued?: () => void;
    /** Absent where no order-mail sender runs: a sender's own polling finds the mails. */
    orderMailsQueued?: () => void;
  },
): UsersDependencies {
  const { redis } = connections;
  const pii = createPiiCipher(config.PII_KEYS, config.PII_INDEX_KEY);
  const passwords = createPasswordHasher(
    config.BCRYPT_COST,
    createHashingPool({
      threads: config.PASSWORD_HASH_THREADS,
      maxQueued: config.PASSWORD_HASH_QUEUE,
      maxWaitMs: config.PASSWORD_HASH_MAX_WAIT,
    }),
  );
  return {
    ...connections,
    eventsEnqueued: connections.eventsEnqueued ?? (() => undefined),
    orderMailsQueued: connections.orderMailsQueued ?? (() => undefined),
    addressEventKey: addressEventKey(config.GATEWAY_SIGNING_SECRET),
    pii,
    userKeys: createUserKeys(config.PII_KEYS, USER_KEY_CACHE),
    passwords,
    accessTokens: createAccessTokenSigner({
      privateKey: config.JWT_PRIVATE_KEY_FILE,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      ttlMs: config.ACCESS_TOKEN_TTL,
    }),
    verification: createVerificationStore(redis, pii, {
      codeMs: config.EMAIL_CODE_TTL,
      tokenMs: config.EMAIL_VERIFICATION_TOKEN_TTL,
    }),
    limits: {
      verificationPerEmail: createRateLimiter(redis, {
        name: 'verification-email',
        limit: 1,
        windowMs: MINUTE,
      }),
      verificationPerClient: createRateLimiter(redis, {
        name: 'verification-client',
        limit: config.VERIFICATION_REQUESTS_PER_CLIENT_PER_MINUTE,
        windowMs: MINUTE,
      }),
      passwordResetPerEmail: createRateLimiter(redis, {
        name: 'password-reset-email',
        limit: 1,
        windowMs: MINUTE,
      }),
      passwordResetPerClient: createRateLimiter(redis, {
        name: 'password-reset-client',
        limit: config.VERIFICATION_REQUESTS_PER_CLIENT_PER_MINUTE,
        windowMs: MINUTE,
      }),
      loginFailures: createRateLimiter(redis, { name: 'login-failures', limit: 5, windowMs: 15 * MINUTE }),
      loginPerClient: createRateLimiter(redis, {
        name: 'login-client',
        limit: config.LOGIN_ATTEMPTS_PER_CLIENT_PER_MINUTE,
        windowMs: MINUTE,
      }),
      loginOverall: new LoginBudget({
        capacityPerSecond: passwords.capacityPerSecond,
        share: config.LOGIN_HASH_SHARE,
        burstSeconds: config.PASSWORD_HASH_MAX_WAIT / SECOND,
      }),
    },
    settings: { emailCodeTtlMs: config.EMAIL_CODE_TTL, refreshTokenTtlMs: config.REFRESH_TOKEN_TTL },
  };
}
