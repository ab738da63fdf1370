import type { EventPayload } from '@fcfs/shared';

export type OrderStatusChange = EventPayload<'order.status-changed'>;

/** One subscriber's changes, as an async iterable that ends when `close` is called. */
export interface OrderStatusStream extends AsyncIterable<OrderStatusChange> {
  close: () => void;
}

export interface OrderStatusFeed {
  publish: (change: OrderStatusChange) => void;
  /** The changes of `userId`'s orders (only `orderId`'s when given) from now on. */
  listen: (userId: string, orderId: string | null) => OrderStatusStream;
  /** Open streams, for metrics and tests. */
  size: () => number;
}

/**
 * A subscriber that falls this far behind (a slow socket) loses its oldest changes rather than growing the
 * gateway's memory without bound; each payload is the order as it is now, so the newest matters most.
 */
const MAX_BUFFERED = 100;

/**
 * Fans the status changes this gateway replica receives out to its subscribers. Indexed by buyer, so a change
 * is offered only to that buyer's streams: another user's subscription never sees it, whatever its arguments.
 */
export function createOrderStatusFeed(): OrderStatusFeed {
  const byUser = new Map<string, Set<(change: OrderStatusChange) => void>>();
  let open = 0;

  return {
    size: () => open,
    publish: (change) => {
      for (const deliver of byUser.get(change.userId) ?? []) deliver(change);
    },
    listen: (userId, orderId) => {
      const buffered: OrderStatusChange[] = [];
      let waiting: ((result: IteratorResult<OrderStatusChange>) => void) | null = null;
      let closed = false;

      const deliver = (change: OrderStatusChange) => {
        if (closed || (orderId !== null && change.orderId !== orderId)) return;
        if (waiting) {
          const wake = waiting;
          waiting = null;
          wake({ value: change, done: false });
          return;
        }
        if (buffered.length >= MAX_BUFFERED) buffered.shift();
        buffered.push(change);
      };
      const listeners = byUser.get(userId) ?? new Set();
      listeners.add(deliver);
      byUser.set(userId, listeners);
      open += 1;

      const close = () => {
        if (closed) return;
        closed = true;
        open -= 1;
        listeners.delete(deliver);
        if (listeners.size === 0) byUser.delete(userId);
        buffered.length = 0;
        waiting?.({ value: undefined, done: true });
        waiting = null;
      };

      return {
        close,
        [Symbol.asyncIterator]: () => ({
          next: () => {
            const change = buffered.shift();
            if (change) return Promise.resolve({ value: change, done: false });
            if (closed) return Promise.resolve({ value: undefined, done: true });
            return new Promise<IteratorResult<OrderStatusChange>>((resolve) => {
              waiting = resolve;
            });
          },
          return: () => {
            close();
            return Promise.resolve({ value: undefined, done: true });
          },
        }),
      };
    },
  };
}
