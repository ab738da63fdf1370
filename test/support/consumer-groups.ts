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

/** The consumer groups whose id starts with `prefix` and that have at least one member now. */
export async function activeGroups(prefix: string): Promise<string[]> {
  const kafka = createKafka(requireTestEnv('KAFKA_BROKERS').split(','), 'test', createLogger('test', 'warn'));
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ids = (await admin.listGroups()).groups
      .map((group) => group.groupId)
      .filter((id) => id.startsWith(prefix));
    const { groups } = await admin.describeGroups(ids);
    return groups.filter((group) => group.members.length > 0).map((group) => group.groupId);
  } finally {
    await admin.disconnect();
  }
}
