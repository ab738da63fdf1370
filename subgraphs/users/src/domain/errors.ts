import { clientError } from '@fcfs/shared';

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
