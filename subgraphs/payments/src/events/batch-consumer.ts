import {
  consumerConfig,
  type EventEnvelope,
  type EventType,
  inConsumerSpan,
  PARTITIONS_PER_TOPIC,
  parseEvent,
  type RunConsumerOptions,
  topicOf,
} from '@fcfs/shared';
import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import type { Limiter } from '../limiter.ts';

export interface RunBatchConsumerOptions extends RunConsumerOptions {
  /** Shared by every partition's batch, so one replica never has more than this many handlers running. */
  limit: Limiter;
  /** Aborted when the service stops: handlers failing from then on are expected, not retried or logged. */
  stopping: AbortSignal;
}

/**
 * Like the shared `runConsumer`, but a fetched batch is handled concurrently: a charge spends most of its
 * time waiting for the processor, so one message at a time would cap a replica at 1/latency payments per
 * second. Messages with the same key (one order) still run in offset order. Offsets are resolved only up to
 * the first message that did not finish; a failure makes kafkajs fetch again from there, and the handlers'
 * idempotence absorbs the messages after it that had already been applied.
 */
export async function runBatchConsumer({
  kafka,
  groupId,
  handlers,
  logger,
  fromBeginning = true,
  limit,
  stopping,
  metrics,
  membership,
}: RunBatchConsumerOptions): Promise<Consumer> {
  // An idle fetch returns after a second rather than kafkajs' five, so a stop is not held up by it.
  const consumer = kafka.consumer(consumerConfig(groupId));
  metrics?.watch(consumer);
  membership?.watch(consumer);
  await consumer.connect();
  const types = Object.keys(handlers) as EventType[];
  await consumer.subscribe({ topics: types.map(topicOf), fromBeginning });
  await consumer.run({
    partitionsConsumedConcurrently: types.length * PARTITIONS_PER_TOPIC,
    eachBatchAutoResolve: false,
    eachBatch: (payload) => handleBatch(payload, { handlers, limit, logger, stopping, metrics }),
  });
  return consumer;
}

async function handleBatch(
  { batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload,
  {
    handlers,
    limit,
    logger,
    stopping,
    metrics,
  }: Pick<RunBatchConsumerOptions, 'handlers' | 'limit' | 'logger' | 'stopping' | 'metrics'>,
): Promise<void> {
  const { topic, partition, messages } = batch;
  // Slow charges would otherwise let the session expire mid-batch; heartbeat() is throttled by kafkajs.
  const keepAlive = setInterval(() => {
    heartbeat().catch(() => undefined);
  }, 1_000);
  const finished = new Array<boolean>(messages.length).fill(false);
  let firstError: unknown;

  const handle = async (message: KafkaMessage, index: number): Promise<boolean> => {
    if (stopping.aborted || !isRunning() || isStale()) return false;
    const parsed = parseEvent(message.value?.toString('utf8') ?? '');
    if (!parsed.ok) {
      logger.error(
        { topic, partition, offset: message.offset, reason: parsed.reason },
        'skipping malformed event',
      );
      metrics?.handled(topic, 'malformed');
      finished[index] = true;
      return true;
    }
    const handler = handlers[parsed.event.type] as ((event: EventEnvelope) => Promise<void>) | undefined;
    try {
      if (handler) {
        await limit(() => inConsumerSpan(topic, message.headers, () => handler(parsed.event)));
        metrics?.handled(topic, 'ok', parsed.event.occurredAt);
      }
      finished[index] = true;
      return true;
    } catch (error) {
      if (!stopping.aborted) {
        metrics?.handled(topic, 'failed');
        logger.warn(
          { err: error, eventId: parsed.event.eventId, type: parsed.event.type },
          'event handler failed, will retry',
        );
        firstError ??= error;
      }
      return false;
    }
  };

  try {
    const byKey = new Map<string, number[]>();
    for (const [index, message] of messages.entries()) {
      const key = message.key?.toString('utf8') ?? '';
      const chain = byKey.get(key);
      if (chain) chain.push(index);
      else byKey.set(key, [index]);
    }
    await Promise.all(
      [...byKey.values()].map(async (indexes) => {
        for (const index of indexes) {
          const message = messages[index];
          if (!message || !(await handle(message, index))) return;
        }
      }),
    );
  } finally {
    clearInterval(keepAlive);
  }

  const firstUnfinished = finished.indexOf(false);
  const lastFinished = firstUnfinished === -1 ? messages.length - 1 : firstUnfinished - 1;
  const resolved = messages[lastFinished];
  if (resolved) resolveOffset(resolved.offset);
  if (firstError !== undefined && !stopping.aborted) throw firstError;
}
