import { isClientError } from '../errors/client-errors.ts';
import { INTERNAL_ERROR_CODE } from '../errors/codes.ts';

/** The label an outcome gets: `OK`, a client error's code, or INTERNAL_SERVER_ERROR; a bounded set either way. */
export const outcomeCodeOf = (error: unknown): string =>
  isClientError(error) ? String(error.extensions.code) : INTERNAL_ERROR_CODE;

/** Runs `work` and reports its outcome code, whether it returns or throws. */
export async function withOutcome<Result>(
  report: (code: string) => void,
  work: () => Promise<Result>,
): Promise<Result> {
  try {
    const result = await work();
    report('OK');
    return result;
  } catch (error) {
    report(outcomeCodeOf(error));
    throw error;
  }
}
