import { CompressionTypes, type Kafka, type Message, Partitioners, type Producer } from 'kafkajs';
import { type EventEnvelope, topicOf } from '../events/index.ts';

/** What the outbox relay needs from a broker; kafkajs stays behind this seam. */
export interface EventPublisher {
  /** `traceparents[i]`, when given, goes with `events[i]` as its `traceparent` header. */
  publish(events: EventEnvelope[], traceparents?: readonly (string | null)[]): Promise<void>;
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
    async publish(events, traceparents = []) {
      const byTopic = new Map<string, Message[]>();
      for (const [index, event] of events.entries()) {
        const topic = topicOf(event.type);
        const traceparent = traceparents[index];
        const message: Message = { key: event.key, value: JSON.stringify(event) };
        if (traceparent) message.headers = { traceparent };
        byTopic.set(topic, [...(byTopic.get(topic) ?? []), message]);
      }
      await producer.sendBatch({
        acks: -1,
        compression: CompressionTypes.None,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
    },
    close: () => producer.disconnect(),
  };
}
