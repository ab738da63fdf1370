import { badUserInput, parseInput } from '@fcfs/shared';
import { z } from 'zod';
import type { UsersDependencies } from '../dependencies.ts';
import { emailField } from './validation.ts';
import { MAX_CODE_ATTEMPTS, MAX_FAILED_CODES_PER_DAY } from './verification/verification-store.ts';

const Input = z.object({
  email: emailField,
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'must be the 6 digits from the mail'),
});

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
  if (!(await deps.verification.checkCode(emailIndex, code))) {
    throw badUserInput(
      `code: not a valid code for this email. Codes expire, a code is void after ${MAX_CODE_ATTEMPTS} wrong tries, and an email gets ${MAX_FAILED_CODES_PER_DAY} wrong tries a day. Request a new one`,
      'code',
    );
  }
  const { token, expiresAt } = await deps.verification.issueToken(emailIndex);
  return { verificationToken: token, expiresAt };
}
