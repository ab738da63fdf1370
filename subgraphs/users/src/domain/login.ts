import { parseInput, rateLimited, temporarilyUnavailable } from '@fcfs/shared';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '../db/schema/index.ts';
import type { UsersDependencies } from '../dependencies.ts';
import { normalizeEmail } from './email.ts';
import { invalidCredentials } from './errors.ts';
import { type SessionPayload, startSession } from './sessions/start-session.ts';

const Input = z.object({ email: z.string().transform(normalizeEmail), password: z.string() });

/**
 * Starts a new session. After 5 failures for one email within 15 minutes every attempt is refused with
 * RATE_LIMITED until the window ends, the right password included: that is what stops guessing.
 * Attempts are capped per client address (RATE_LIMITED) and for everyone together at the measured hashing
 * capacity (TEMPORARILY_UNAVAILABLE: the service is busy, the client is not at fault), so a storm is refused
 * before it reaches the database or the hashing pool.
 */
export async function login(
  deps: UsersDependencies,
  request: { clientAddress: string },
  input: { email: string; password: string },
): Promise<SessionPayload> {
  const { email, password } = parseInput(Input, input);
  const emailIndex = deps.pii.emailIndex(email);

  const perClient = await deps.limits.loginPerClient.consume(request.clientAddress);
  if (!perClient.allowed) throw rateLimited(perClient.retryAfterSeconds);
  const limit = await deps.limits.loginFailures.check(emailIndex);
  if (!limit.allowed) throw rateLimited(limit.retryAfterSeconds);
  // Last of the checks, so a token of the budget is spent only by an attempt that goes on to hash.
  const overall = deps.limits.loginOverall.take();
  if (!overall.allowed) throw temporarilyUnavailable('Too many logins right now', overall.retryAfterSeconds);

  const [user] = await deps.db.select().from(users).where(eq(users.emailIndex, emailIndex)).limit(1);
  let valid = false;
  if (user) valid = await deps.passwords.verify(password, user.passwordHash);
  else await deps.passwords.verifyNothing(password);

  if (!user || !valid) {
    await deps.limits.loginFailures.consume(emailIndex);
    throw invalidCredentials();
  }
  await deps.limits.loginFailures.reset(emailIndex);
  return startSession(deps, deps.db, user);
}
