import { parseInput, rateLimited } from '@fcfs/shared';
import { z } from 'zod';
import type { UsersDependencies } from '../dependencies.ts';
import { emailField } from './validation.ts';

const Input = z.object({ email: emailField });

/**
 * Mails a fresh 6-digit code. Answers the same for addresses with and without an account (no enumeration);
 * only the owner of the mailbox learns more, at `signUp`.
 */
export async function requestEmailVerification(
  deps: UsersDependencies,
  request: { clientAddress: string },
  input: { email: string },
): Promise<true> {
  const { email } = parseInput(Input, input);
  const emailIndex = deps.pii.emailIndex(email);

  const perClient = await deps.limits.verificationPerClient.consume(request.clientAddress);
  if (!perClient.allowed) throw rateLimited(perClient.retryAfterSeconds);
  const perEmail = await deps.limits.verificationPerEmail.consume(emailIndex);
  if (!perEmail.allowed) throw rateLimited(perEmail.retryAfterSeconds);

  const code = await deps.verification.issueCode(emailIndex);
  const minutes = Math.round(deps.settings.emailCodeTtlMs / 60_000);
  await deps.mailer.send({
    to: email,
    subject: 'Your FCFS verification code',
    text: [
      `Your FCFS verification code is ${code}.`,
      `It expires in ${minutes} minutes. If you did not ask for it, ignore this mail.`,
    ].join('\n\n'),
  });
  return true;
}
