import { CompressionTypes, type Kafka, Partitioners, type Producer } from 'kafkajs';
import { type EventEnvelope, topicOf } from '../events/index.ts';

/** What the outbox relay needs from a broker; kafkajs stays behind this seam. */
export interface EventPublisher {
  publish(events: EventEnvelope[]): Promise<void>;
  /** Whether the producer is connected (it is from creation until `close()` or a lost connection). */
  connected(): boolean;
  close(): Promise<void>;
}

export async function createKafkaPublisher(kafka: Kafka): Promise<EventPublisher> {
  const producer: Producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  let connected = false;
  producer.on(producer.events.CONNECT, () => {
    connected = true;
  });
  producer.on(producer.events.DISCONNECT, () => {
    connected = false;
  });
  await producer.connect();
  return {
    connected: () => connected,
    async publish(events) {
      const byTopic = new Map<string, EventEnvelope[]>();
      for (const event of events) {
        const topic = topicOf(event.type);
        byTopic.set(topic, [...(byTopic.get(topic) ?? []), event]);
      }
      await producer.sendBatch({
        acks: -1,
        compression: CompressionTypes.None,
        topicMessages: [...byTopic].map(([topic, batch]) => ({
          topic,
          messages: batch.map((event) => ({ key: event.key, value: JSON.stringify(event) })),
        })),
      });
    },
    close: () => producer.disconnect(),
  };
}
