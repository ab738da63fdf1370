/** The error codes a client can see in `extensions.code` (docs/architecture.md#error-codes). */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'EMAIL_NOT_VERIFIED',
  'EMAIL_TAKEN',
  'INVALID_CREDENTIALS',
  'OUT_OF_STOCK',
  'SALE_NOT_STARTED',
  'SALE_ENDED',
  'PURCHASE_LIMIT_EXCEEDED',
  'INVALID_ORDER_STATE',
  'RETURN_WINDOW_CLOSED',
  'RATE_LIMITED',
  'QUERY_TOO_COMPLEX',
  'PERSISTED_QUERY_NOT_FOUND',
  /** Beyond the original design's list: a dependency is recovering (e.g. counters rebuilt); retry shortly. */
  'TEMPORARILY_UNAVAILABLE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const INTERNAL_ERROR_CODE = 'INTERNAL_SERVER_ERROR';

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
};

export const httpStatusOf = (code: ErrorCode): number | undefined => HTTP_STATUS[code];
