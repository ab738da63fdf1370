import type { Logger, OrderLine, OrderStatus, StockCounters } from '@fcfs/shared';
import type { OrdersDatabase } from '../db/client.ts';
import {
  deletePendingHoldSteps,
  findItemsByOrderIds,
  findOrdersByIds,
  findStalePendingHoldSteps,
} from '../db/orders-repository.ts';

/** What running hold steps needs (a part of OrdersDependencies, named here so the state machine stays below it). */
export interface HoldStepDependencies {
  db: OrdersDatabase;
  stock: StockCounters;
  logger: Logger;
}

/**
 * What an order's units owe Redis after a transition (docs/architecture.md#who-owns-the-stock): an unpaid
 * order gives its hold back (`release`), a paid one takes it off the shelf for good (`settle`), a paid order
 * cancelled or returned puts its units back (`restore`). Orders alone runs all three, each after the commit
 * of the transition that owes it.
 */
const HOLD_STEP_KINDS = ['release', 'settle', 'restore'] as const;
export type HoldStepKind = (typeof HOLD_STEP_KINDS)[number];

const isHoldStepKind = (text: string): text is HoldStepKind =>
  (HOLD_STEP_KINDS as readonly string[]).includes(text);

export interface HoldStep {
  kind: HoldStepKind;
  orderId: string;
  userId: string;
  lines: readonly OrderLine[];
}

/** The hold step a lifecycle move owes, if any. */
export function holdStepOf(from: OrderStatus, to: OrderStatus): HoldStepKind | undefined {
  if (from === 'PAYMENT_PENDING') return to === 'PAID' ? 'settle' : 'release';
  if (to === 'RETURNED' || (from === 'PAID' && to === 'CANCELLED')) return 'restore';
  return undefined;
}

async function applyHoldStep(deps: HoldStepDependencies, { kind, orderId, userId, lines }: HoldStep) {
  const productIds = lines.map((line) => line.productId);
  if (kind === 'release') await deps.stock.release(orderId, productIds);
  else if (kind === 'settle') await deps.stock.settle(orderId, productIds);
  else await deps.stock.restore(orderId, userId, [...lines]);
}

/**
 * Runs committed hold steps and deletes their pending rows. A step that fails keeps its row for the
 * scheduler (`finishPendingHoldSteps`); the scripts are idempotent, so running one twice changes nothing.
 */
export async function applyHoldSteps(deps: HoldStepDependencies, steps: readonly HoldStep[]): Promise<void> {
  if (steps.length === 0) return;
  const outcomes = await Promise.allSettled(steps.map((step) => applyHoldStep(deps, step)));
  const done = steps.filter((_step, index) => outcomes[index]?.status === 'fulfilled');
  outcomes.forEach((outcome, index) => {
    if (outcome.status === 'rejected') {
      const { kind, orderId } = steps[index] ?? {};
      deps.logger.error(
        { err: outcome.reason, orderId, kind },
        'hold step failed; the scheduler will retry it',
      );
    }
  });
  try {
    await deletePendingHoldSteps(
      deps.db,
      done.map(({ orderId, kind }) => ({ orderId, step: kind })),
    );
  } catch (error) {
    deps.logger.error({ err: error }, 'pending hold steps not deleted; the scheduler will run them again');
  }
}

/** Scheduler step: hold steps whose follow-up did not run (crash, Redis outage) are finished here. */
export async function finishPendingHoldSteps(
  deps: HoldStepDependencies,
  olderThan: Date,
  limit: number,
): Promise<number> {
  const stale = await findStalePendingHoldSteps(deps.db, olderThan, limit);
  if (stale.length === 0) return 0;
  const orderIds = [...new Set(stale.map((row) => row.orderId))];
  const owners = new Map((await findOrdersByIds(deps.db, orderIds)).map((order) => [order.id, order.userId]));
  const lines = Map.groupBy(await findItemsByOrderIds(deps.db, orderIds), (item) => item.orderId);
  await applyHoldSteps(
    deps,
    stale.flatMap(({ orderId, step }) => {
      const userId = owners.get(orderId);
      if (!isHoldStepKind(step) || userId === undefined) return [];
      const orderLines = (lines.get(orderId) ?? []).map(({ productId, quantity }) => ({
        productId,
        quantity,
      }));
      return [{ kind: step, orderId, userId, lines: orderLines }];
    }),
  );
  return stale.length;
}
