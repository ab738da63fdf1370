export {
  COUNT_HITS_LUA,
  createRateLimiter,
  decisionOf,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimitRule,
  rateLimitKey,
  rateLimitRule,
} from './redis-rate-limiter.ts';
