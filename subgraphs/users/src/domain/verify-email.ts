import { parseInput } from '@fcfs/shared';
import { z } from 'zod';
import type { UsersDependencies } from '../dependencies.ts';
import { invalidCode } from './errors.ts';
import { codeField, emailField } from './validation.ts';

const Input = z.object({ email: emailField, code: codeField });

export interface EmailVerification {
  verificationToken: string;
  expiresAt: Date;
}

/**
 * Trades the mailed code for a single-use token bound to the email. Every refusal reads the same, whether no
 * code is pending, the code is wrong, expired or void, or the email has used up its wrong codes for the day:
 * the answer tells a guesser nothing about the address.
 */
export async function verifyEmail(
  deps: UsersDependencies,
  input: { email: string; code: string },
): Promise<EmailVerification> {
  const { email, code } = parseInput(Input, input);
  const emailIndex = deps.pii.emailIndex(email);
  if (!(await deps.verification.checkCode(emailIndex, code))) throw invalidCode();
  const { token, expiresAt } = await deps.verification.issueToken(emailIndex);
  return { verificationToken: token, expiresAt };
}
