import type { EachBatchPayload } from 'kafkajs';
import { type EventEnvelope, type EventType, parseEvent } from '../events/index.ts';
import type { Logger } from '../logger.ts';
import type { ConsumerMetrics } from '../metrics/consumer-metrics.ts';
import { inConsumerBatchSpan } from '../tracing/index.ts';

/**
 * Handlers that take the events of a fetched batch together, so that a rush of one event type costs one
 * transaction per batch instead of one per event. They must be idempotent per event, like every handler.
 */
export type BatchEventHandlers = { [Type in EventType]?: (events: EventEnvelope<Type>[]) => Promise<void> };

/** Most events given to a batch handler at once: bounds one transaction's size and locks. */
export const MAX_EVENTS_PER_CALL = 200;

export interface BatchHandlingOptions {
  /** Handlers by topic: every message of a topic is of one event type. */
  byTopic: ReadonlyMap<string, (events: EventEnvelope[]) => Promise<void>>;
  logger: Logger;
  metrics?: ConsumerMetrics | undefined;
}

/**
 * One fetched batch of one partition, in chunks of at most MAX_EVENTS_PER_CALL. Each chunk's offsets are
 * committed only after its handler succeeded; a failing chunk is thrown back, so kafkajs fetches again from
 * it and the handler's idempotence absorbs what it had already applied.
 */
export async function handleBatch(
  { batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload,
  { byTopic, logger, metrics }: BatchHandlingOptions,
): Promise<void> {
  const { topic, partition } = batch;
  const handler = byTopic.get(topic);
  if (!handler) return;
  for (let start = 0; start < batch.messages.length; start += MAX_EVENTS_PER_CALL) {
    if (!isRunning() || isStale()) return;
    const chunk = batch.messages.slice(start, start + MAX_EVENTS_PER_CALL);
    const events: EventEnvelope[] = [];
    for (const message of chunk) {
      const parsed = parseEvent(message.value?.toString('utf8') ?? '');
      if (parsed.ok) {
        events.push(parsed.event);
        continue;
      }
      logger.error(
        { topic, partition, offset: message.offset, reason: parsed.reason },
        'skipping malformed event',
      );
      metrics?.handled(topic, 'malformed');
    }
    try {
      if (events.length > 0)
        await inConsumerBatchSpan(
          topic,
          chunk.map((message) => message.headers),
          () => handler(events),
        );
    } catch (error) {
      metrics?.handled(topic, 'failed');
      logger.warn({ err: error, topic, partition, events: events.length }, 'event batch failed, will retry');
      throw error;
    }
    for (const event of events) metrics?.handled(topic, 'ok', event.occurredAt);
    const last = chunk.at(-1);
    if (last) resolveOffset(last.offset);
    await heartbeat();
  }
}
