import { WakeableSleep } from '@fcfs/shared';
import type { OrdersConfig } from '../config.ts';
import type { OrdersDependencies } from '../domain/orders-dependencies.ts';
import { OrphanHoldSweeper } from '../domain/stock/orphan-holds.ts';
import { runTimedTransitions, type TimedDurations } from '../domain/timed-transitions.ts';
import type { Lock } from '../redlock.ts';

export const SCHEDULER_LEASE_KEY = 'orders:scheduler:lease';

export interface OrderSchedulerOptions {
  durations: TimedDurations;
  intervalMs: number;
  /** Lease lifetime; renewed every pass, so a dead holder's lease lapses after at most this long. */
  leaseMs: number;
  batchSize: number;
  /** How long a hold without an order is left alone before the sweeper releases it. */
  orphanHoldGraceMs: number;
  leaseKey?: string;
}

type SchedulerConfig = Pick<
  OrdersConfig,
  | 'SHIP_AFTER'
  | 'DELIVER_AFTER'
  | 'RETURN_AFTER'
  | 'SCHEDULER_INTERVAL'
  | 'SCHEDULER_LEASE'
  | 'SCHEDULER_BATCH_SIZE'
  | 'ORPHAN_HOLD_GRACE'
>;

/** The scheduler's options as the orders configuration sets them. */
export const schedulerOptionsFrom = (config: SchedulerConfig, leaseKey?: string): OrderSchedulerOptions => ({
  durations: {
    shipAfterMs: config.SHIP_AFTER,
    deliverAfterMs: config.DELIVER_AFTER,
    returnAfterMs: config.RETURN_AFTER,
  },
  intervalMs: config.SCHEDULER_INTERVAL,
  leaseMs: config.SCHEDULER_LEASE,
  batchSize: config.SCHEDULER_BATCH_SIZE,
  orphanHoldGraceMs: config.ORPHAN_HOLD_GRACE,
  ...(leaseKey ? { leaseKey } : {}),
});

/**
 * Runs the timed transitions on one replica at a time: the replica holding the redlock lease works, renews
 * the lease each pass, and the others keep trying to take it, which succeeds once a dead holder's lease
 * lapses. Correctness never rests on the lease alone: every step is a conditional write, so an overlap
 * (a holder stalled past its lease) still moves each order once.
 */
export class OrderScheduler {
  private readonly deps: OrdersDependencies;
  private readonly options: OrderSchedulerOptions;
  private readonly leaseKey: string;
  private readonly orphanHolds: OrphanHoldSweeper;
  private lease: Lock | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly pause = new WakeableSleep();
  private passes = 0;

  constructor(deps: OrdersDependencies, options: OrderSchedulerOptions) {
    this.deps = deps;
    this.options = options;
    this.leaseKey = options.leaseKey ?? SCHEDULER_LEASE_KEY;
    this.orphanHolds = new OrphanHoldSweeper(deps, options.orphanHoldGraceMs);
  }

  get holdsLease(): boolean {
    return this.lease !== undefined;
  }

  /** Passes this replica ran while holding the lease. */
  get workedPasses(): number {
    return this.passes;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops after the current pass. `releaseLease: false` leaves the lease to lapse, like a crashed holder. */
  async stop({ releaseLease = true }: { releaseLease?: boolean } = {}): Promise<void> {
    this.running = false;
    this.pause.wake();
    await this.loop;
    const lease = this.lease;
    this.lease = undefined;
    this.deps.metrics.leaseHeld(false);
    if (lease && releaseLease) await lease.release().catch(() => undefined);
  }

  private async run(): Promise<void> {
    while (this.running) {
      if (await this.holdLease()) {
        try {
          const moved = await runTimedTransitions(this.deps, this.options.durations, this.options.batchSize);
          moved['release-orphan-holds'] = await this.orphanHolds.sweep();
          this.passes += 1;
          for (const [step, count] of Object.entries(moved)) this.deps.metrics.scheduled(step, count);
          if (Object.values(moved).some((count) => count > 0))
            this.deps.logger.info({ moved }, 'scheduler pass');
        } catch (error) {
          this.deps.logger.error({ err: error }, 'scheduler pass failed; retrying next interval');
        }
      }
      await this.pause.sleep(this.options.intervalMs);
    }
  }

  /** Takes the lease, or renews the one held; false when another replica holds it. */
  private async holdLease(): Promise<boolean> {
    try {
      this.lease = this.lease
        ? await this.lease.extend(this.options.leaseMs)
        : await this.deps.redlock.acquire([this.leaseKey], this.options.leaseMs, { retryCount: 0 });
      this.deps.metrics.leaseHeld(true);
      return true;
    } catch {
      if (this.lease) this.deps.logger.warn('scheduler lease lost');
      this.lease = undefined;
      this.deps.metrics.leaseHeld(false);
      return false;
    }
  }
}
