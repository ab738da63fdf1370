import type { SubgraphReply } from './subgraph-fetcher.ts';

/**
 * Runs `read` unless the same key's read is on the wire already, in which case its reply is shared. A `fresh`
 * caller (one that must see a change it knows of) never joins a read begun before it; later callers join its.
 */
export type ShareRead = (
  key: string,
  read: () => Promise<SubgraphReply>,
  fresh?: boolean,
) => Promise<SubgraphReply>;

/**
 * In a rush thousands of buyers ask for the same product at once. While one subgraph read is in flight, an
 * identical one (same subgraph, same body, same caller identity) waits for its reply instead of sending its
 * own: the subgraph answers once for all of them. A reply is shared only while in flight, never kept, so an
 * answer is at most one subgraph round trip older than the request. Only reads are shared (the data source
 * decides), each waiter parses the reply text itself (no object is shared between requests), and every
 * request still passed its own token, revocation, limit and directive checks before it was planned.
 */
export function createReadSharing(onShared: () => void = () => undefined): ShareRead {
  const inflight = new Map<string, Promise<SubgraphReply>>();
  return (key, read, fresh = false) => {
    const running = fresh ? undefined : inflight.get(key);
    if (running) {
      onShared();
      return running;
    }
    const reply: Promise<SubgraphReply> = read().finally(() => {
      // A fresh read may have taken the key since: only the read the key names leaves with it.
      if (inflight.get(key) === reply) inflight.delete(key);
    });
    inflight.set(key, reply);
    return reply;
  };
}
