import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { createRateLimiter, createRedis, rateLimitKey } from '../src/index.ts';
import { requireTestEnv } from '../src/testing.ts';

const redis = createRedis(requireTestEnv('REDIS_URL'));
const subject = () => `test-${randomBytes(6).toString('hex')}`;
const used: string[] = [];

after(async () => {
  if (used.length > 0) await redis.del(...used);
  redis.disconnect();
});

describe('createRateLimiter', () => {
  const rule = { name: 'test-limiter', limit: 3, windowMs: 60_000 };
  const limiter = createRateLimiter(redis, rule);

  test('allows `limit` hits per window, then refuses with the seconds until the window ends', async () => {
    const who = subject();
    used.push(rateLimitKey(rule, who));
    const decisions = [];
    for (let hit = 0; hit < 4; hit += 1) decisions.push(await limiter.consume(who));
    assert.deepEqual(
      decisions.map(({ allowed, count, remaining }) => ({ allowed, count, remaining })),
      [
        { allowed: true, count: 1, remaining: 2 },
        { allowed: true, count: 2, remaining: 1 },
        { allowed: true, count: 3, remaining: 0 },
        { allowed: false, count: 4, remaining: 0 },
      ],
    );
    assert.ok(
      decisions.every((decision) => decision.retryAfterSeconds > 58 && decision.retryAfterSeconds <= 60),
    );
    const ttl = await redis.pttl(rateLimitKey(rule, who));
    assert.ok(ttl > 58_000 && ttl <= 60_000, 'later hits do not extend the window');
  });

  test('check looks ahead without counting; reset forgets; subjects are independent', async () => {
    const [who, other] = [subject(), subject()];
    used.push(rateLimitKey(rule, who), rateLimitKey(rule, other));
    assert.deepEqual(await limiter.check(who), {
      allowed: true,
      count: 0,
      remaining: 2,
      retryAfterSeconds: 0,
    });
    for (let hit = 0; hit < 3; hit += 1) await limiter.consume(who);
    assert.equal((await limiter.check(who)).allowed, false);
    assert.equal((await limiter.check(who)).count, 3, 'checking counted nothing');
    assert.equal((await limiter.check(other)).allowed, true);
    await limiter.reset(who);
    assert.equal((await limiter.consume(who)).allowed, true);
  });

  test('the window ends by itself', async () => {
    const short = createRateLimiter(redis, { name: 'test-limiter-short', limit: 1, windowMs: 200 });
    const who = subject();
    used.push(rateLimitKey(short.rule, who));
    assert.equal((await short.consume(who)).allowed, true);
    assert.equal((await short.consume(who)).allowed, false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal((await short.consume(who)).allowed, true);
  });

  test('concurrent hits never let more than `limit` through', async () => {
    const who = subject();
    used.push(rateLimitKey(rule, who));
    const decisions = await Promise.all(Array.from({ length: 20 }, () => limiter.consume(who)));
    assert.equal(decisions.filter((decision) => decision.allowed).length, 3);
  });

  test('refuses a rule that cannot work', () => {
    assert.throws(() => createRateLimiter(redis, { name: 'bad', limit: 0, windowMs: 1000 }), /limit/);
    assert.throws(() => createRateLimiter(redis, { name: 'bad', limit: 1, windowMs: 0 }), /windowMs/);
  });
});
