export * from './client-errors.ts';
export { ERROR_CODES, type ErrorCode, httpStatusOf, INTERNAL_ERROR_CODE } from './codes.ts';
export { CLIENT_VISIBLE_CODES, maskError } from './mask-error.ts';
export { parseInput } from './parse-input.ts';
