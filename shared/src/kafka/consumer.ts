import type { Consumer, Kafka } from 'kafkajs';
import { type EventEnvelope, type EventType, parseEvent, topicOf } from '../events/index.ts';
import type { Logger } from '../logger.ts';
import type { ConsumerMetrics } from '../metrics/consumer-metrics.ts';
import { inConsumerSpan } from '../tracing/index.ts';
import { type BatchEventHandlers, handleBatch } from './batch-handling.ts';
import { consumerConfig } from './consumer-config.ts';
import type { GroupMembership } from './group-membership.ts';

export type EventHandlers = { [Type in EventType]?: (event: EventEnvelope<Type>) => Promise<void> };

/** What a service does with the events it consumes: one by one, or a fetched batch at a time. */
export interface EventHandling {
  handlers: EventHandlers;
  /** Types whose events are handled a fetched batch at a time; the others then run one by one within it. */
  batchHandlers?: BatchEventHandlers;
}

export interface RunConsumerOptions extends EventHandling {
  kafka: Kafka;
  groupId: string;
  logger: Logger;
  fromBeginning?: boolean;
  /** Counts what the consumer handles and follows its lag. */
  metrics?: ConsumerMetrics;
  /** Told when the consumer joins and loses its group, for `/ready`. */
  membership?: GroupMembership;
}

/**
 * Runs one consumer group over the topics it has handlers for. A message that breaks its contract is logged
 * and skipped (retrying cannot fix it); a handler error is thrown back so kafkajs retries the message, which
 * is safe because handlers are idempotent.
 */
export async function runConsumer({
  kafka,
  groupId,
  handlers,
  batchHandlers,
  logger,
  fromBeginning = true,
  metrics,
  membership,
}: RunConsumerOptions): Promise<Consumer> {
  const consumer = kafka.consumer(consumerConfig(groupId));
  metrics?.watch(consumer);
  membership?.watch(consumer);
  await consumer.connect();
  const types = [...new Set([...Object.keys(handlers), ...Object.keys(batchHandlers ?? {})])] as EventType[];
  await consumer.subscribe({ topics: types.map(topicOf), fromBeginning });
  const joined = new Promise<void>((resolve) => {
    const stopListening = consumer.on(consumer.events.GROUP_JOIN, () => {
      stopListening();
      resolve();
    });
  });
  if (batchHandlers) {
    const byTopic = new Map(
      types.map((type) => [topicOf(type), batchHandlerOf(type, handlers, batchHandlers)]),
    );
    await consumer.run({
      eachBatchAutoResolve: false,
      eachBatch: (payload) => handleBatch(payload, { byTopic, logger, metrics }),
    });
    await joined;
    return consumer;
  }
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const parsed = parseEvent(message.value?.toString('utf8') ?? '');
      if (!parsed.ok) {
        logger.error(
          { topic, partition, offset: message.offset, reason: parsed.reason },
          'skipping malformed event',
        );
        metrics?.handled(topic, 'malformed');
        return;
      }
      const handler = handlers[parsed.event.type] as ((event: EventEnvelope) => Promise<void>) | undefined;
      if (!handler) return;
      try {
        await inConsumerSpan(topic, message.headers, () => handler(parsed.event));
        metrics?.handled(topic, 'ok', parsed.event.occurredAt);
      } catch (error) {
        metrics?.handled(topic, 'failed');
        logger.warn(
          { err: error, eventId: parsed.event.eventId, type: parsed.event.type },
          'event handler failed, will retry',
        );
        throw error;
      }
    },
  });
  // Resolving only once the group has partitions means a caller's next event is not missed.
  await joined;
  return consumer;
}

function batchHandlerOf(
  type: EventType,
  handlers: EventHandlers,
  batchHandlers: BatchEventHandlers,
): (events: EventEnvelope[]) => Promise<void> {
  const together = batchHandlers[type] as ((events: EventEnvelope[]) => Promise<void>) | undefined;
  if (together) return together;
  const one = handlers[type] as ((event: EventEnvelope) => Promise<void>) | undefined;
  return async (events) => {
    for (const event of events) await one?.(event);
  };
}
