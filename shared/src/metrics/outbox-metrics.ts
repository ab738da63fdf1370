import { count, isNull, min } from 'drizzle-orm';
import { Gauge, type Registry } from 'prom-client';
import type { Database } from '../db/index.ts';
import { outbox } from '../outbox/tables.ts';
import { sharedRead } from './scrape-once.ts';

/**
 * `fcfs_outbox_backlog` and `fcfs_outbox_oldest_unpublished_age_seconds`, read from the service's outbox on
 * each scrape (the unpublished rows are what `outbox_unpublished_idx` indexes, so the read stays small).
 * Every replica of a service reports the same table: aggregate them with max, not sum. A failed read keeps the
 * last values, so the process metrics of the same scrape still arrive while MySQL is away.
 */
export function registerOutboxMetrics(registry: Registry, db: Database): void {
  const readBacklog = sharedRead(async () => {
    const [row] = await db
      .select({ rows: count(), oldest: min(outbox.createdAt) })
      .from(outbox)
      .where(isNull(outbox.publishedAt));
    return { rows: row?.rows ?? 0, oldest: row?.oldest ?? null };
  });
  new Gauge({
    name: 'fcfs_outbox_backlog',
    help: 'Outbox rows not yet published to Kafka',
    registers: [registry],
    async collect() {
      const backlog = await readBacklog().catch(() => undefined);
      if (backlog) this.set(backlog.rows);
    },
  });
  new Gauge({
    name: 'fcfs_outbox_oldest_unpublished_age_seconds',
    help: 'Age of the oldest outbox row not yet published (0 when none is waiting)',
    registers: [registry],
    async collect() {
      const backlog = await readBacklog().catch(() => undefined);
      if (!backlog) return;
      const { oldest } = backlog;
      this.set(oldest ? Math.max(0, (Date.now() - new Date(oldest).getTime()) / 1000) : 0);
    },
  });
}
