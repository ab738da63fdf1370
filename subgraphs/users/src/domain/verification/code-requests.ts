import { type RateLimiter, rateLimited } from '@fcfs/shared';
import type { UsersDependencies } from '../../dependencies.ts';
import type { CodePurpose } from './verification-store.ts';

type Limits = UsersDependencies['limits'];

/** Each purpose's request limits: the same rules, counted apart. */
const LIMITS_OF = {
  verification: (limits) => ({
    perClient: limits.verificationPerClient,
    perEmail: limits.verificationPerEmail,
  }),
  'password-reset': (limits) => ({
    perClient: limits.passwordResetPerClient,
    perEmail: limits.passwordResetPerEmail,
  }),
} satisfies Record<CodePurpose, (limits: Limits) => { perClient: RateLimiter; perEmail: RateLimiter }>;

/**
 * Counts a request for a mailed code against its purpose's limits (a few per client address a minute, one a
 * minute per email) and throws RATE_LIMITED past either. Counted before anything is looked up, so the answer
 * is the same for addresses with and without an account.
 */
export async function admitCodeRequest(
  deps: Pick<UsersDependencies, 'limits'>,
  purpose: CodePurpose,
  clientAddress: string,
  emailIndex: string,
): Promise<void> {
  const { perClient, perEmail } = LIMITS_OF[purpose](deps.limits);
  const client = await perClient.consume(clientAddress);
  if (!client.allowed) throw rateLimited(client.retryAfterSeconds);
  const email = await perEmail.consume(emailIndex);
  if (!email.allowed) throw rateLimited(email.retryAfterSeconds);
}

/** How long a mailed code lives, in whole minutes, for the mail's text. */
export const codeLifetimeMinutes = (deps: Pick<UsersDependencies, 'settings'>): number =>
  Math.round(deps.settings.emailCodeTtlMs / 60_000);
