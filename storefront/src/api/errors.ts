import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';

export interface Refusal {
  code: string;
  message: string;
  /** Given with RATE_LIMITED and TEMPORARILY_UNAVAILABLE: when trying again makes sense. */
  retryAfterSeconds?: number;
}

/** What each refusal means to a buyer, in plain words; the server's message is shown for anything else. */
const PLAIN_WORDS: Record<string, string> = {
  OUT_OF_STOCK: 'Sold out: every unit has been taken.',
  SALE_NOT_STARTED: 'The sale has not started yet.',
  SALE_ENDED: 'The sale has ended.',
  PURCHASE_LIMIT_EXCEEDED: 'That is more than the purchase limit allows you for this product.',
  RATE_LIMITED: 'Too many tries at once.',
  TEMPORARILY_UNAVAILABLE: 'The shop is busy right now.',
  UNAUTHENTICATED: 'Please log in first.',
  INVALID_CREDENTIALS: 'That email and password do not match.',
  EMAIL_TAKEN: 'An account with this email already exists.',
  INVALID_ORDER_STATE: 'This order can no longer do that.',
  RETURN_WINDOW_CLOSED: 'The return window for this order has closed.',
  NOT_FOUND: 'Not found.',
  FORBIDDEN: 'You are not allowed to do that.',
};

/** The first error of a failed operation, as a code, words for a buyer and the wait it asks for. */
export function refusalOf(error: unknown): Refusal {
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : 'UNKNOWN';
    const retryAfter = first?.extensions?.retryAfterSeconds;
    return {
      code,
      message: PLAIN_WORDS[code] ?? first?.message ?? 'Something went wrong.',
      ...(typeof retryAfter === 'number' ? { retryAfterSeconds: retryAfter } : {}),
    };
  }
  if (ServerError.is(error) && error.statusCode === 429) {
    return { code: 'RATE_LIMITED', message: PLAIN_WORDS.RATE_LIMITED ?? '', retryAfterSeconds: 1 };
  }
  return {
    code: 'TEMPORARILY_UNAVAILABLE',
    message: 'The shop cannot be reached right now.',
    retryAfterSeconds: 2,
  };
}
