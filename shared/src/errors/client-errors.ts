import { GraphQLError } from 'graphql';
import { ERROR_CODES, type ErrorCode } from './codes.ts';

/** An error the client caused and may see verbatim. Thrown from domain code, never from drivers. */
export function clientError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export const unauthenticated = (message = 'You must be logged in') => clientError('UNAUTHENTICATED', message);
export const forbidden = (message = 'You are not allowed to do this') => clientError('FORBIDDEN', message);
export const notFound = (what: string, id?: string) =>
  clientError('NOT_FOUND', id === undefined ? `${what} not found` : `${what} ${id} not found`);
export const badUserInput = (message: string, field?: string) =>
  clientError('BAD_USER_INPUT', message, field === undefined ? {} : { field });
export const rateLimited = (retryAfterSeconds: number) =>
  clientError('RATE_LIMITED', `Too many requests, retry in ${retryAfterSeconds}s`, { retryAfterSeconds });
export const temporarilyUnavailable = (message: string, retryAfterSeconds: number) =>
  clientError('TEMPORARILY_UNAVAILABLE', `${message}, retry in ${retryAfterSeconds}s`, { retryAfterSeconds });
export const invalidOrderState = (message: string) => clientError('INVALID_ORDER_STATE', message);

export const isClientError = (error: unknown): error is GraphQLError =>
  error instanceof GraphQLError &&
  (ERROR_CODES as readonly unknown[]).includes((error.extensions as { code?: unknown }).code);
