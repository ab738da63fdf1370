export {
  createRateLimiter,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimitRule,
  rateLimitKey,
} from './redis-rate-limiter.ts';
