import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type Kafka, type Logger, runConsumer } from '@fcfs/shared';
import type { AvailabilityFeed } from './availability-feed.ts';
import type { OrderStatusFeed } from './order-status-feed.ts';
import { stockMovementHandlers } from './stock-movements.ts';

export interface OrderEventSource {
  groupId: string;
  /** Resolves after the next fetch: from then on, every change produced reaches the feed. */
  nextFetch: () => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * Feeds `order.status-changed` and the stock movements from Kafka into this replica's subscribers. Each replica reads in a consumer
 * group of its own, because a subscriber may sit on any replica and so every replica needs every change (one
 * shared group would split the partitions between replicas). It starts at the end of the topic: a subscription
 * announces changes from now on; history is `Order.statusHistory`. Kafka directly rather than a Redis channel
 * fed from it: no relay process to run and keep single, and a replica that stalls resumes from its offset
 * instead of losing what Redis pub/sub sent while it was away.
 */
export async function startOrderEventSource(options: {
  kafka: Kafka;
  feed: OrderStatusFeed;
  availability: AvailabilityFeed;
  logger: Logger;
  groupId?: string;
}): Promise<OrderEventSource> {
  const { kafka, feed, availability, logger } = options;
  const groupId = options.groupId ?? `gateway-${hostname()}-${randomUUID()}`;
  const consumer = await runConsumer({
    kafka,
    groupId,
    fromBeginning: false,
    logger,
    handlers: {
      'order.status-changed': async (event) => feed.publish(event.data),
      ...stockMovementHandlers(availability.moved),
    },
  });
  return {
    groupId,
    nextFetch: () =>
      new Promise<void>((resolve) => {
        const stopListening = consumer.on(consumer.events.FETCH, () => {
          stopListening();
          resolve();
        });
      }),
    stop: async () => {
      await consumer.disconnect();
      // The group is this replica's alone: leaving it behind would only clutter the broker.
      const admin = kafka.admin();
      try {
        await admin.connect();
        await admin.deleteGroups([groupId]);
      } catch (error) {
        logger.debug({ err: error, groupId }, 'could not delete the consumer group');
      } finally {
        await admin.disconnect();
      }
    },
  };
}
