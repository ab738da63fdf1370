import type { Logger } from '@fcfs/shared';

/** `ProductAvailability` as the schema declares it. */
export interface ProductAvailability {
  productId: string;
  availableStock: number;
  saleStatus: string;
}

/** Reads a product's availability now; null when there is no such product. */
export type ReadAvailability = (productId: string) => Promise<ProductAvailability | null>;

/** One subscriber's updates, as an async iterable that ends when `close` is called. */
export interface AvailabilityStream extends AsyncIterable<ProductAvailability> {
  close: () => void;
}

export interface AvailabilityFeed {
  /** Stock of these products may have moved (from Kafka): each watched one is read within its window. */
  moved: (productIds: readonly string[]) => void;
  /** Updates of `productIds` from now on. */
  listen: (productIds: readonly string[]) => AvailabilityStream;
  /** Open streams, for metrics and tests. */
  size: () => number;
  dispose: () => void;
}

/** 500 ms: at most 2 reads, and so at most 2 updates, per product and second. */
export const AVAILABILITY_WINDOW_MS = 500;

type Deliver = (availability: ProductAvailability) => void;

interface Watched {
  listeners: Set<Deliver>;
  /** A read is running, or its window has not ended: movements now wait for the window's end. */
  busy: boolean;
  /** Moved since the last read began. */
  dirty: boolean;
  timer: NodeJS.Timeout | null;
  /** The last update sent, so an unchanged read sends nothing. */
  last: string | null;
}

/**
 * Throttles availability per product and fans it out to this replica's subscribers. A movement of an idle
 * product is read at once (leading edge); movements during the read and the window after it are folded into
 * one read when the window ends (trailing edge), so the last value always arrives. The read is shared by
 * every subscriber of the product, so a thousand open shelves cost the same reads as one, and products
 * nobody watches are never read. The leading read also marks the product moved: an event can arrive before
 * the Redis side of its movement (orders releases a cancelled hold after committing), and the read at the
 * window's end catches that.
 */
export function createAvailabilityFeed(options: {
  read: ReadAvailability;
  logger: Logger;
  windowMs?: number;
}): AvailabilityFeed {
  const { read, logger } = options;
  const windowMs = options.windowMs ?? AVAILABILITY_WINDOW_MS;
  const products = new Map<string, Watched>();
  let open = 0;

  const refresh = async (productId: string, watched: Watched): Promise<void> => {
    watched.busy = true;
    watched.dirty = false;
    let availability: ProductAvailability | null = null;
    try {
      availability = await read(productId);
    } catch (error) {
      logger.warn({ err: error, productId }, 'could not read product availability');
    }
    if (products.get(productId) !== watched) return;
    const shown = availability && JSON.stringify([availability.availableStock, availability.saleStatus]);
    if (availability && shown !== watched.last) {
      watched.last = shown;
      for (const deliver of watched.listeners) deliver(availability);
    }
    watched.timer = setTimeout(() => {
      watched.timer = null;
      watched.busy = false;
      if (watched.dirty && products.get(productId) === watched) void refresh(productId, watched);
    }, windowMs);
  };

  const moved = (productIds: readonly string[]) => {
    for (const productId of new Set(productIds)) {
      const watched = products.get(productId);
      if (!watched) continue;
      watched.dirty = true;
      if (!watched.busy) {
        void refresh(productId, watched);
        watched.dirty = true;
      }
    }
  };

  const listen = (productIds: readonly string[]): AvailabilityStream => {
    // The newest value per product only: a slow socket skips values it has not sent yet, never the last one.
    const pending = new Map<string, ProductAvailability>();
    let waiting: ((result: IteratorResult<ProductAvailability>) => void) | null = null;
    let closed = false;

    const deliver: Deliver = (availability) => {
      if (closed) return;
      if (waiting) {
        const wake = waiting;
        waiting = null;
        wake({ value: availability, done: false });
        return;
      }
      pending.delete(availability.productId);
      pending.set(availability.productId, availability);
    };
    const ids = [...new Set(productIds)];
    for (const productId of ids) {
      const watched = products.get(productId) ?? {
        listeners: new Set(),
        busy: false,
        dirty: false,
        timer: null,
        last: null,
      };
      watched.listeners.add(deliver);
      products.set(productId, watched);
    }
    open += 1;

    const close = () => {
      if (closed) return;
      closed = true;
      open -= 1;
      for (const productId of ids) {
        const watched = products.get(productId);
        if (!watched) continue;
        watched.listeners.delete(deliver);
        if (watched.listeners.size > 0) continue;
        if (watched.timer) clearTimeout(watched.timer);
        products.delete(productId);
      }
      pending.clear();
      waiting?.({ value: undefined, done: true });
      waiting = null;
    };

    return {
      close,
      [Symbol.asyncIterator]: () => ({
        next: () => {
          const [first] = pending.values();
          if (first) {
            pending.delete(first.productId);
            return Promise.resolve({ value: first, done: false });
          }
          if (closed) return Promise.resolve({ value: undefined, done: true });
          return new Promise<IteratorResult<ProductAvailability>>((resolve) => {
            waiting = resolve;
          });
        },
        return: () => {
          close();
          return Promise.resolve({ value: undefined, done: true });
        },
      }),
    };
  };

  return {
    moved,
    listen,
    size: () => open,
    dispose: () => {
      for (const watched of products.values()) if (watched.timer) clearTimeout(watched.timer);
      products.clear();
    },
  };
}
