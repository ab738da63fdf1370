import type { Registry } from 'prom-client';
import type { Database } from '../db/index.ts';
import type { Kafka } from '../kafka/index.ts';
import { createKafka, createKafkaPublisher, ensureTopics } from '../kafka/index.ts';
import type { Logger } from '../logger.ts';
import { registerOutboxMetrics } from '../metrics/outbox-metrics.ts';
import { OutboxRelay } from './relay.ts';

export interface ServiceEventing {
  kafka: Kafka;
  /** Publishes the service's outbox; `relay.notify()` after a commit that enqueued events. */
  relay: OutboxRelay;
  /** For `/ready`: the producer is connected and the relay's last publish went through. */
  producerReady: () => Promise<void>;
  /** Stops the relay after its batch in flight, then the producer. */
  close: () => Promise<void>;
}

/**
 * A service's Kafka side: its client, every topic ensured, and its outbox relay running; with `metrics`, the
 * outbox backlog is reported on each scrape.
 */
export async function startServiceEventing(options: {
  brokers: string[];
  clientId: string;
  db: Database;
  logger: Logger;
  metrics?: Registry;
}): Promise<ServiceEventing> {
  const { brokers, clientId, db, logger, metrics } = options;
  const kafka = createKafka(brokers, clientId, logger);
  await ensureTopics(kafka);
  const publisher = await createKafkaPublisher(kafka);
  const relay = new OutboxRelay({ db, publisher, logger });
  relay.start();
  if (metrics) registerOutboxMetrics(metrics, db);
  return {
    kafka,
    relay,
    producerReady: async () => {
      if (!publisher.connected()) throw new Error('the Kafka producer is not connected');
      await relay.check();
    },
    close: async () => {
      await relay.stop();
      await publisher.close();
    },
  };
}
