export { type BatchEventHandlers, MAX_EVENTS_PER_CALL } from './batch-handling.ts';
export { createKafka, type Kafka } from './client.ts';
export { type EventHandlers, type EventHandling, type RunConsumerOptions, runConsumer } from './consumer.ts';
export { consumerConfig } from './consumer-config.ts';
export { GroupMembership } from './group-membership.ts';
export { createKafkaPublisher, type EventPublisher } from './publisher.ts';
export { ensureTopics, PARTITIONS_PER_TOPIC } from './topics.ts';
