import type { ConsumerConfig } from 'kafkajs';

/**
 * The settings every consumer group runs with. A fetch waits at most a second for new data, because leaving
 * the group at shutdown first waits for the fetch in flight: kafkajs' 5 s default spent half of the
 * shutdown deadline idling. A 10 s session lets a dead replica's partitions move on quickly.
 */
export const consumerConfig = (groupId: string): ConsumerConfig => ({
  groupId,
  sessionTimeout: 10_000,
  heartbeatInterval: 1_000,
  maxWaitTimeInMs: 1_000,
});
