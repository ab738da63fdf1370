import { commitWithEvents, createEvent, enqueueTracedEvents, type TracedEvent } from '@fcfs/shared';
import {
  type ChargeResult,
  findPaymentByOrderIdForUpdate,
  lockPayments,
  recordChargeResult,
} from '../db/payments-repository.ts';
import type { PaymentRow } from '../db/schema/index.ts';
import type { PaymentWriter } from './payment-writer.ts';
import { valuesOrErrors } from './values-or-errors.ts';

export interface ChargeAnswer {
  payment: PaymentRow;
  result: ChargeResult;
  /** The trace of the charge: answers are recorded in batches that mix many charges' traces. */
  traceparent?: string | null;
}

const announce = ({ payment, result, traceparent = null }: ChargeAnswer): TracedEvent => ({
  traceparent,
  event:
    result.status === 'SUCCEEDED'
      ? createEvent('payment.succeeded', payment.orderId, {
          orderId: payment.orderId,
          paymentId: payment.id,
          amount: payment.amount,
        })
      : createEvent('payment.failed', payment.orderId, {
          orderId: payment.orderId,
          paymentId: payment.id,
          reason: result.failureReason,
        }),
});

/**
 * Records the processor's answer with the event that announces it, in one transaction. Only the first
 * answer for a payment counts (PENDING is the precondition); a later one returns undefined. The returned
 * payment carries `orderCancelledAt` so the caller can refund a success for an order cancelled meanwhile.
 */
export async function recordCharge(
  deps: PaymentWriter,
  answer: ChargeAnswer,
): Promise<PaymentRow | undefined> {
  const { payment, result } = answer;
  const now = new Date();
  return commitWithEvents(deps, () =>
    deps.db.transaction(async (tx) => {
      let orderCancelledAt: Date | null = null;
      if ((await recordChargeResult(tx, [payment.id], result, now, { whileOrderOpen: true })) === 0) {
        const current = await findPaymentByOrderIdForUpdate(tx, payment.orderId);
        if (current?.status !== 'PENDING') return undefined;
        await recordChargeResult(tx, [payment.id], result, now, { whileOrderOpen: false });
        orderCancelledAt = current.orderCancelledAt;
      }
      await enqueueTracedEvents(tx, [announce(answer)]);
      return { ...payment, ...result, completedAt: now, orderCancelledAt };
    }),
  );
}

/**
 * recordCharge for many answers in one transaction: the payments are locked, those still PENDING take their
 * answer (one UPDATE per distinct outcome) and their events (one INSERT). If the batch fails, each answer is
 * recorded on its own, so one bad answer cannot fail its neighbours.
 */
export async function recordCharges(
  deps: PaymentWriter,
  answers: readonly ChargeAnswer[],
): Promise<(PaymentRow | undefined | Error)[]> {
  const now = new Date();
  try {
    const taken = await commitWithEvents(deps, () =>
      deps.db.transaction(async (tx) => {
        const locked = await lockPayments(tx, [...new Set(answers.map((answer) => answer.payment.id))]);
        const current = new Map(locked.map((payment) => [payment.id, payment]));
        const first = new Map<string, { answer: ChargeAnswer; payment: PaymentRow }>();
        for (const answer of answers) {
          const payment = current.get(answer.payment.id);
          if (payment?.status === 'PENDING' && !first.has(payment.id))
            first.set(payment.id, { answer, payment });
        }
        const byOutcome = new Map<string, { result: ChargeResult; paymentIds: string[] }>();
        for (const { answer } of first.values()) {
          const key = `${answer.result.status}\n${answer.result.failureReason ?? ''}`;
          const group = byOutcome.get(key) ?? { result: answer.result, paymentIds: [] };
          group.paymentIds.push(answer.payment.id);
          byOutcome.set(key, group);
        }
        for (const { result, paymentIds } of byOutcome.values()) {
          await recordChargeResult(tx, paymentIds, result, now, { whileOrderOpen: false });
        }
        await enqueueTracedEvents(
          tx,
          [...first.values()].map(({ answer }) => announce(answer)),
        );
        return first;
      }),
    );
    return answers.map((answer) => {
      const entry = taken.get(answer.payment.id);
      return entry?.answer === answer ? { ...entry.payment, ...answer.result, completedAt: now } : undefined;
    });
  } catch (error) {
    deps.logger.debug(
      { err: error, answers: answers.length },
      'batched charge record failed, recording one by one',
    );
    return valuesOrErrors(answers.map((answer) => recordCharge(deps, answer)));
  }
}
