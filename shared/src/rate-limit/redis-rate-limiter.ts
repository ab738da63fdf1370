import type { Redis } from '../redis.ts';

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

/**
 * Lua that counts one hit on each of KEYS[firstKey..] (window in ms: the ARGV at the same offset from
 * `firstWindow`) and returns `{count, ttl, count, ttl, …}`. Shared so a caller can count several windows in
 * the same script as its own checks, and so in the same round trip.
 */
export const COUNT_HITS_LUA = `
local function countHits(firstKey, firstWindow)
  local replies = {}
  for i = firstKey, #KEYS do
    local window = ARGV[firstWindow + i - firstKey]
    local count = redis.call('INCR', KEYS[i])
    local ttl = redis.call('PTTL', KEYS[i])
    if ttl < 0 then
      redis.call('PEXPIRE', KEYS[i], window)
      ttl = tonumber(window)
    end
    replies[#replies + 1] = count
    replies[#replies + 1] = ttl
  end
  return replies
end
`;

const CONSUME = `${COUNT_HITS_LUA}
return countHits(1, 1)
`;

const PEEK = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
local ttl = redis.call('PTTL', KEYS[1])
return {count, ttl}
`;

export const rateLimitKey = (rule: RateLimitRule, subject: string) => `rate:${rule.name}:${subject}`;

/** The decision for a window holding `count` hits that ends in `ttlMs`, with `pending` more about to come. */
export function decisionOf(
  rule: RateLimitRule,
  count: number,
  ttlMs: number,
  pending = 0,
): RateLimitDecision {
  return {
    allowed: count + pending <= rule.limit,
    count,
    remaining: Math.max(0, rule.limit - count - pending),
    retryAfterSeconds: count === 0 || ttlMs < 0 ? 0 : Math.max(1, Math.ceil(ttlMs / 1000)),
  };
}

/** The rule itself, once its limit and window are positive integers; throws a RangeError otherwise. */
export function rateLimitRule(rule: RateLimitRule): RateLimitRule {
  if (!Number.isInteger(rule.limit) || rule.limit < 1)
    throw new RangeError('limit must be a positive integer');
  if (!Number.isInteger(rule.windowMs) || rule.windowMs < 1)
    throw new RangeError('windowMs must be a positive integer');
  return rule;
}

export function createRateLimiter(redis: Redis, given: RateLimitRule): RateLimiter {
  const rule = rateLimitRule(given);
  return {
    rule,
    consume: async (subject) => {
      const [count, ttl] = (await redis.eval(CONSUME, 1, rateLimitKey(rule, subject), rule.windowMs)) as [
        number,
        number,
      ];
      return decisionOf(rule, count, ttl);
    },
    check: async (subject) => {
      const [count, ttl] = (await redis.eval(PEEK, 1, rateLimitKey(rule, subject))) as [number, number];
      return decisionOf(rule, count, ttl, 1);
    },
    reset: async (subject) => {
      await redis.del(rateLimitKey(rule, subject));
    },
  };
}
