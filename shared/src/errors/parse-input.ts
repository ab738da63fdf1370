import type { z } from 'zod';
import { badUserInput } from './client-errors.ts';

/** Parses client input with zod; the first problem becomes BAD_USER_INPUT naming the field. */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  fieldPrefix = '',
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = [fieldPrefix, ...(issue?.path ?? [])].filter((part) => part !== '').join('.');
  throw badUserInput(
    issue ? `${field ? `${field}: ` : ''}${issue.message}` : 'invalid input',
    field || undefined,
  );
}
