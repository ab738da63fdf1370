import { MULTI_LINE_TEXT, SINGLE_LINE_TEXT } from '@fcfs/shared';
import { z } from 'zod';
import { normalizeEmail } from './email.ts';

/** Field rules shared by the verbs; `parseInput` (shared) prefixes each message with the field's path. */

const text = (max: number) =>
  z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'is required')
    .max(max, `must be at most ${max} characters`)
    .regex(SINGLE_LINE_TEXT, 'must not contain control characters');

export const emailField = z
  .string({ error: 'is required' })
  .transform(normalizeEmail)
  .pipe(
    z
      .string()
      .min(1, 'is required')
      .max(254, 'must be at most 254 characters')
      .pipe(z.email('is not a valid email address')),
  );

export const nameField = text(100);

/** Addresses may span lines, so line breaks are the only control characters allowed. */
export const addressField = z
  .string({ error: 'is required' })
  .trim()
  .min(1, 'is required')
  .max(500, 'must be at most 500 characters')
  .regex(MULTI_LINE_TEXT, 'must not contain control characters other than line breaks');

/** Optional everywhere: an empty value means "no phone". */
export const phoneField = z
  .string()
  .trim()
  .transform((phone) => (phone === '' ? null : phone))
  .pipe(
    z
      .string()
      .regex(
        /^\+?[0-9][0-9 ()-]{5,24}[0-9]$/,
        'must be 7 to 26 digits, spaces, dashes or brackets, with an optional leading +',
      )
      .nullable(),
  );

/** A code as mailed by `requestEmailVerification` or `requestPasswordReset`. */
export const codeField = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'must be the 6 digits from the mail');
