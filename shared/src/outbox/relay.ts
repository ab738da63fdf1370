import { and, asc, inArray, isNull } from 'drizzle-orm';
import type { Database } from '../db/index.ts';
import type { EventPublisher } from '../kafka/index.ts';
import type { Logger } from '../logger.ts';
import { WakeableSleep } from '../wakeable-sleep.ts';
import { outbox } from './tables.ts';

export interface OutboxRelayOptions {
  db: Database;
  publisher: EventPublisher;
  logger: Logger;
  batchSize?: number;
  idleDelayMs?: number;
}

/**
 * Publishes outbox rows at least once. Rows are claimed with FOR UPDATE SKIP LOCKED so several replicas
 * share the work without publishing the same row concurrently; a crash between send and mark means the
 * row is sent again, which consumers absorb through processed_events.
 */
export class OutboxRelay {
  private running = false;
  private readonly pause = new WakeableSleep();
  private loop: Promise<void> | undefined;
  private readonly batchSize: number;
  private readonly idleDelayMs: number;
  private readonly options: OutboxRelayOptions;
  private failures = 0;

  constructor(options: OutboxRelayOptions) {
    this.options = options;
    this.batchSize = options.batchSize ?? 200;
    this.idleDelayMs = options.idleDelayMs ?? 200;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Called after a commit that enqueued events, so they go out now rather than at the next poll. */
  notify(): void {
    this.pause.wake();
  }

  /** A readiness check: throws while the relay's last attempt to publish failed. */
  readonly check = async (): Promise<void> => {
    if (this.failures > 0) throw new Error(`the last ${this.failures} attempts to publish failed`);
  };

  async stop(): Promise<void> {
    this.running = false;
    this.notify();
    await this.loop;
  }

  /** Publishes one batch; returns how many rows went out. Exposed for tests and for draining on shutdown. */
  async publishBatch(): Promise<number> {
    const { db, publisher } = this.options;
    // Read committed: repeatable read also locks the gap after the last row claimed, so every transaction that
    // enqueues an event (an order batch, a payment result) would wait out the Kafka round trip below.
    return db.transaction(
      async (tx) => {
        const rows = await tx
          .select({ id: outbox.id, envelope: outbox.envelope, traceparent: outbox.traceparent })
          .from(outbox)
          .where(isNull(outbox.publishedAt))
          .orderBy(asc(outbox.id))
          .limit(this.batchSize)
          .for('update', { skipLocked: true });
        if (rows.length === 0) return 0;
        // Sent before commit: the row locks are the only claim; after it another replica could send these rows.
        await publisher.publish(
          rows.map((row) => row.envelope),
          rows.map((row) => row.traceparent),
        );
        const ids = rows.map((row) => row.id);
        await tx
          .update(outbox)
          .set({ publishedAt: new Date() })
          .where(and(inArray(outbox.id, ids), isNull(outbox.publishedAt)));
        return rows.length;
      },
      { isolationLevel: 'read committed' },
    );
  }

  private async run(): Promise<void> {
    while (this.running) {
      let published = 0;
      try {
        published = await this.publishBatch();
        this.failures = 0;
      } catch (error) {
        this.failures += 1;
        this.options.logger.warn(
          { err: error, failures: this.failures },
          'outbox relay could not publish, retrying',
        );
      }
      if (published < this.batchSize)
        await this.pause.sleep(this.failures > 0 ? Math.min(this.failures * 500, 5_000) : this.idleDelayMs);
    }
  }
}
