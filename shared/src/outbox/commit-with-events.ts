/**
 * Runs `commit` (a transaction, or handleOnce's) and wakes the outbox relay once it has committed. The wake is
 * unconditional: waking when nothing was enqueued is harmless, the relay just finds no row.
 */
export async function commitWithEvents<T>(
  deps: { eventsEnqueued: () => void },
  commit: () => Promise<T>,
): Promise<T> {
  const result = await commit();
  deps.eventsEnqueued();
  return result;
}
