import { badUserInput, clientError } from '@fcfs/shared';
import { MAX_CODE_ATTEMPTS, MAX_FAILED_CODES_PER_DAY } from './verification/verification-store.ts';

export const emailNotVerified = () =>
  clientError(
    'EMAIL_NOT_VERIFIED',
    'Verify the email first: the verification token is missing, expired, already used or for another email',
  );

export const emailTaken = () =>
  clientError('EMAIL_TAKEN', 'An account with this email already exists', { field: 'email' });

/** The same answer for an unknown email and a wrong password, so the error tells nobody which accounts exist. */
export const invalidCredentials = (message = 'Email or password is wrong') =>
  clientError('INVALID_CREDENTIALS', message);

/**
 * Every mailed code that does not verify gets these words, whether no code is pending, the code is wrong,
 * expired or void, the email has used up its wrong codes for the day, or (for a reset) there is no account:
 * the answer tells a guesser nothing about the address.
 */
export const invalidCode = () =>
  badUserInput(
    `code: not a valid code for this email. Codes expire, a code is void after ${MAX_CODE_ATTEMPTS} wrong tries, and an email gets ${MAX_FAILED_CODES_PER_DAY} wrong tries a day. Request a new one`,
    'code',
  );
