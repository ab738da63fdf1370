import { createKafka, createLogger } from '@fcfs/shared';
import { requireTestEnv } from '@fcfs/shared/testing';

/** How many processes the broker counts in a consumer group. */
export async function membersOf(groupId: string): Promise<number> {
  const kafka = createKafka(requireTestEnv('KAFKA_BROKERS').split(','), 'test', createLogger('test', 'warn'));
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    return groups[0]?.members.length ?? 0;
  } finally {
    await admin.disconnect();
  }
}
