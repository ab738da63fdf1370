import type { Consumer } from 'kafkajs';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type HandledOutcome = 'ok' | 'failed' | 'malformed';

/**
 * What a service's consumer group does, per topic: events handled (and how), events refused as contradicting
 * what the service knows, how old an event is when handled (for payments: how far behind the charges are), and
 * the messages left behind each partition this replica last fetched.
 */
export class ConsumerMetrics {
  readonly #handled: Counter<'topic' | 'outcome'>;
  readonly #rejected: Counter<'topic' | 'reason'>;
  readonly #age: Histogram<'topic'>;
  readonly #lag: Gauge<'topic' | 'partition'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.#handled = new Counter({
      name: 'fcfs_events_handled_total',
      help: 'Events this consumer group took from Kafka, by topic and outcome (failed ones are retried)',
      labelNames: ['topic', 'outcome'],
      registers,
    });
    this.#rejected = new Counter({
      name: 'fcfs_events_rejected_total',
      help: 'Well-formed events refused because they contradict what the service knows, by topic and reason',
      labelNames: ['topic', 'reason'],
      registers,
    });
    this.#age = new Histogram({
      name: 'fcfs_event_age_seconds',
      help: 'Time from an event happening to this consumer having handled it',
      labelNames: ['topic'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    });
    this.#lag = new Gauge({
      name: 'fcfs_consumer_lag',
      help: "Messages behind the partition's end after the last batch this replica handled",
      labelNames: ['topic', 'partition'],
      registers,
    });
  }

  handled(topic: string, outcome: HandledOutcome, occurredAt?: string): void {
    this.#handled.inc({ topic, outcome });
    if (outcome === 'ok' && occurredAt) {
      this.#age.observe({ topic }, Math.max(0, (Date.now() - Date.parse(occurredAt)) / 1000));
    }
  }

  rejected(topic: string, reason: string): void {
    this.#rejected.inc({ topic, reason });
  }

  /** Follows the lag kafkajs computes for every batch; a rebalance forgets partitions this replica gave up. */
  watch(consumer: Consumer): void {
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      this.#lag.set(
        { topic: payload.topic, partition: String(payload.partition) },
        Number(payload.offsetLag),
      );
    });
    consumer.on(consumer.events.GROUP_JOIN, () => this.#lag.reset());
  }
}
