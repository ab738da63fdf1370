import type { Redis } from 'ioredis';

/**
 * A fixed-window counter in Redis: one key per subject and window, created by the first hit and expiring
 * with the window. One round trip per decision (a Lua script, so INCR and the expiry cannot be split by a
 * crash), one key per subject (fine on Redis Cluster). Coarser than a sliding log, but O(1) memory, which
 * matters when the gateway limits every request of a flash-sale crowd.
 */
export interface RateLimitRule {
  /** Names the counter family in the key, e.g. `login-failures`. */
  name: string;
  /** How many hits a subject may make per window. */
  limit: number;
  windowMs: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** Hits counted in the current window, this one included when it was consumed. */
  count: number;
  remaining: number;
  /** Whole seconds until the window resets; 0 when nothing is counted. */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  readonly rule: RateLimitRule;
  /** Counts one hit for `subject` and says whether it was within the limit. */
  consume: (subject: string) => Promise<RateLimitDecision>;
  /** Says whether one more hit would be allowed, without counting one. */
  check: (subject: string) => Promise<RateLimitDecision>;
  /** Forgets the subject's hits (e.g. failed logins after a successful one). */
  reset: (subject: string) => Promise<void>;
}

const CONSUME = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

const PEEK = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
local ttl = redis.call('PTTL', KEYS[1])
return {count, ttl}
`;

export const rateLimitKey = (rule: RateLimitRule, subject: string) => `rate:${rule.name}:${subject}`;

export function createRateLimiter(redis: Redis, rule: RateLimitRule): RateLimiter {
  if (!Number.isInteger(rule.limit) || rule.limit < 1)
    throw new RangeError('limit must be a positive integer');
  if (!Number.isInteger(rule.windowMs) || rule.windowMs < 1)
    throw new RangeError('windowMs must be a positive integer');

  const decide = (count: number, ttlMs: number, pending: number): RateLimitDecision => {
    const allowed = count + pending <= rule.limit;
    return {
      allowed,
      count,
      remaining: Math.max(0, rule.limit - count - pending),
      retryAfterSeconds: count === 0 || ttlMs < 0 ? 0 : Math.max(1, Math.ceil(ttlMs / 1000)),
    };
  };

  return {
    rule,
    consume: async (subject) => {
      const [count, ttl] = (await redis.eval(CONSUME, 1, rateLimitKey(rule, subject), rule.windowMs)) as [
        number,
        number,
      ];
      return decide(count, ttl, 0);
    },
    check: async (subject) => {
      const [count, ttl] = (await redis.eval(PEEK, 1, rateLimitKey(rule, subject))) as [number, number];
      return decide(count, ttl, 1);
    },
    reset: async (subject) => {
      await redis.del(rateLimitKey(rule, subject));
    },
  };
}
