import { parseInput } from '@fcfs/shared';
import { z } from 'zod';
import type { UsersDependencies } from '../dependencies.ts';
import { emailField } from './validation.ts';
import { admitCodeRequest, codeLifetimeMinutes } from './verification/code-requests.ts';

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
  await admitCodeRequest(deps, 'verification', request.clientAddress, emailIndex);

  const code = await deps.verification.issueCode(emailIndex);
  await deps.mailer.send({
    to: email,
    subject: 'Your FCFS verification code',
    text: [
      `Your FCFS verification code is ${code}.`,
      `It expires in ${codeLifetimeMinutes(deps)} minutes. If you did not ask for it, ignore this mail.`,
    ].join('\n\n'),
  });
  return true;
}
