import { listUnfinishedPayments } from '../db/payments-repository.ts';
import type { Limiter } from '../limiter.ts';
import { completePayment } from './complete-payment.ts';
import type { PaymentsDependencies } from './payments-dependencies.ts';

/**
 * At start: finishes what a crash interrupted (PENDING charges, refunds owed for cancelled orders). A payment
 * that another replica is charging right now may be charged here too; the processor answers both the same
 * (idempotent per payment) and only the first answer is recorded. Returns how many it completed.
 */
export async function resumeUnfinishedPayments(deps: PaymentsDependencies, limit: Limiter): Promise<number> {
  const unfinished = await listUnfinishedPayments(deps.db);
  if (unfinished.length > 0) deps.logger.info({ count: unfinished.length }, 'resuming unfinished payments');
  const results = await Promise.allSettled(
    unfinished.map((payment) => limit(() => completePayment(deps, payment))),
  );
  for (const [index, result] of results.entries()) {
    if (result.status === 'rejected' && !deps.shutdown.aborted) {
      deps.logger.error({ err: result.reason, paymentId: unfinished[index]?.id }, 'could not resume payment');
    }
  }
  return results.filter((result) => result.status === 'fulfilled').length;
}
