import type { Logger } from '../logger.ts';
import type { ConsumerMetrics } from '../metrics/consumer-metrics.ts';
import { type EventEnvelope, topicOf } from './contracts.ts';

/**
 * Well-formed events a consumer refused because they contradict what the service knows (a forgery or a bug
 * upstream). A refused event is acknowledged, not retried: no redelivery can make it true. Counts are kept per
 * reason in memory so the service can report them.
 */
export class EventRejections {
  readonly #logger: Logger;
  readonly #counts = new Map<string, number>();
  readonly #metrics: ConsumerMetrics | undefined;

  constructor(logger: Logger, metrics?: ConsumerMetrics) {
    this.#logger = logger;
    this.#metrics = metrics;
  }

  reject(event: EventEnvelope, reason: string): void {
    this.#logger.warn({ eventId: event.eventId, type: event.type, key: event.key, reason }, 'event rejected');
    this.#counts.set(reason, (this.#counts.get(reason) ?? 0) + 1);
    this.#metrics?.rejected(topicOf(event.type), reason);
  }

  /** The events of a batch that `reasons` (by event id) names. */
  rejectRefused(events: readonly EventEnvelope[], reasons: ReadonlyMap<string, string>): void {
    for (const event of events) {
      const reason = reasons.get(event.eventId);
      if (reason) this.reject(event, reason);
    }
  }

  /** Rejections so far, by reason. */
  counts(): Record<string, number> {
    return Object.fromEntries(this.#counts);
  }
}
