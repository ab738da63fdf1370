export { DateTimeResolver } from 'graphql-scalars';
export * from './auth/index.ts';
export * from './config/index.ts';
export * from './crypto/index.ts';
export * from './db/index.ts';
export * from './errors/index.ts';
export * from './events/index.ts';
export * from './http/index.ts';
export * from './kafka/index.ts';
export * from './lifecycle/index.ts';
export { createLogger, type Logger } from './logger.ts';
export * from './metrics/index.ts';
export * from './outbox/index.ts';
export * from './pagination/cursor.ts';
export * from './pagination/keyset-page.ts';
export * from './rate-limit/index.ts';
export {
  createRedis,
  isCluster,
  type LuaScript,
  luaScript,
  onPrimaryPromoted,
  primaries,
  type Redis,
  type RedisTarget,
  redisTarget,
  runScript,
} from './redis.ts';
export { repeatEvery } from './repeat-every.ts';
export * from './stock/index.ts';
export { MULTI_LINE_TEXT, SINGLE_LINE_TEXT } from './text-rules.ts';
export * from './tracing/index.ts';
export { WakeableSleep } from './wakeable-sleep.ts';
