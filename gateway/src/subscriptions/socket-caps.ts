/** How many sockets one client address and one user may hold open, and subscriptions one socket may run. */
export interface SocketCaps {
  perClient: number;
  perUser: number;
  perSocket: number;
}

/** RFC 6455 "Try Again Later": graphql-ws clients retry it, with their backoff, once a socket frees up. */
export const TRY_AGAIN_LATER = 1013;

export interface SocketCounts {
  /** Counts one more socket for `key`, or refuses (false) when `key` already holds the cap. */
  take: (key: string) => boolean;
  release: (key: string) => void;
}

/** Open sockets by key on this replica: sockets are held by one process, so the count needs no Redis. */
export function socketCounts(cap: number): SocketCounts {
  const open = new Map<string, number>();
  return {
    take: (key) => {
      const count = open.get(key) ?? 0;
      if (count >= cap) return false;
      open.set(key, count + 1);
      return true;
    },
    release: (key) => {
      const count = (open.get(key) ?? 0) - 1;
      if (count > 0) open.set(key, count);
      else open.delete(key);
    },
  };
}
