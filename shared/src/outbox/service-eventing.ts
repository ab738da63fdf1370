import type { Database } from '../db/index.ts';
import type { Kafka } from '../kafka/index.ts';
import { createKafka, createKafkaPublisher, ensureTopics } from '../kafka/index.ts';
import type { Logger } from '../logger.ts';
import { OutboxRelay } from './relay.ts';

export interface ServiceEventing {
  kafka: Kafka;
  /** Publishes the service's outbox; `relay.notify()` after a commit that enqueued events. */
  relay: OutboxRelay;
  /** Stops the relay after its batch in flight, then the producer. */
  close: () => Promise<void>;
}

/** A service's Kafka side: its client, every topic ensured, and its outbox relay running. */
export async function startServiceEventing(options: {
  brokers: string[];
  clientId: string;
  db: Database;
  logger: Logger;
}): Promise<ServiceEventing> {
  const { brokers, clientId, db, logger } = options;
  const kafka = createKafka(brokers, clientId, logger);
  await ensureTopics(kafka);
  const publisher = await createKafkaPublisher(kafka);
  const relay = new OutboxRelay({ db, publisher, logger });
  relay.start();
  return {
    kafka,
    relay,
    close: async () => {
      await relay.stop();
      await publisher.close();
    },
  };
}
