import type { Kafka } from 'kafkajs';
import { EVENT_TYPES, topicOf } from '../events/index.ts';

export const PARTITIONS_PER_TOPIC = 3;

/** Creates every event topic that is missing; safe to call from every service at start. */
export async function ensureTopics(kafka: Kafka): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = EVENT_TYPES.map(topicOf).filter((topic) => !existing.has(topic));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions: PARTITIONS_PER_TOPIC, replicationFactor: 1 })),
    });
  } finally {
    await admin.disconnect();
  }
}
