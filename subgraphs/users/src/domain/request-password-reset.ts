import { parseInput } from '@fcfs/shared';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '../db/schema/index.ts';
import type { UsersDependencies } from '../dependencies.ts';
import { emailField } from './validation.ts';
import { admitCodeRequest, codeLifetimeMinutes } from './verification/code-requests.ts';

const Input = z.object({ email: emailField });

/**
 * Mails a 6-digit reset code, under the same limits as a verification code (counted apart from them). The
 * answer is true whether or not the email has an account, and a mail goes out either way: the code to an
 * account's owner, a notice without a code to an address with no account. So neither the answer nor its
 * timing tells the caller whether the account exists; only the mailbox's owner learns it.
 */
export async function requestPasswordReset(
  deps: UsersDependencies,
  request: { clientAddress: string },
  input: { email: string },
): Promise<true> {
  const { email } = parseInput(Input, input);
  const emailIndex = deps.pii.emailIndex(email);
  await admitCodeRequest(deps, 'password-reset', request.clientAddress, emailIndex);

  const [account] = await deps.db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.emailIndex, emailIndex))
    .limit(1);
  if (!account) {
    await deps.mailer.send({
      to: email,
      subject: 'Your FCFS password reset',
      text: [
        'Someone asked to reset the password of the FCFS account for this address, but there is no account for it.',
        'If it was you, sign up instead. If not, ignore this mail.',
      ].join('\n\n'),
    });
    return true;
  }

  const code = await deps.verification.issueCode(emailIndex, 'password-reset');
  await deps.mailer.send({
    to: email,
    subject: 'Your FCFS password reset',
    text: [
      `Your FCFS password reset code is ${code}.`,
      `It expires in ${codeLifetimeMinutes(deps)} minutes. Resetting the password signs you out everywhere.`,
      'If you did not ask for it, ignore this mail: your password stays as it is.',
    ].join('\n\n'),
  });
  return true;
}
