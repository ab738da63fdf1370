import { badUserInput, parseInput } from '@fcfs/shared';
import { z } from 'zod';
import type { UsersDependencies } from '../dependencies.ts';
import { emailField } from './validation.ts';

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

/** Trades the mailed code for a single-use token bound to the email; each wrong code uses up an attempt. */
export async function verifyEmail(
  deps: UsersDependencies,
  input: { email: string; code: string },
): Promise<EmailVerification> {
  const { email, code } = parseInput(Input, input);
  const emailIndex = deps.pii.emailIndex(email);
  const check = await deps.verification.checkCode(emailIndex, code);
  switch (check.result) {
    case 'match': {
      const { token, expiresAt } = await deps.verification.issueToken(emailIndex);
      return { verificationToken: token, expiresAt };
    }
    case 'missing':
      throw badUserInput(
        'code: no code is pending for this email: it expired, was used, or was voided after too many wrong attempts. Request a new one',
        'code',
      );
    case 'wrong':
      throw badUserInput(
        check.attemptsLeft > 0
          ? `code: wrong code, ${check.attemptsLeft} ${check.attemptsLeft === 1 ? 'attempt' : 'attempts'} left`
          : 'code: wrong code, and that was the last attempt: the code is void. Request a new one',
        'code',
      );
  }
}
