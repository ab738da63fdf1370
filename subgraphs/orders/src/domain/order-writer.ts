import { createEvent, enqueueTracedEvents, GroupCommit, type Logger, retryOnDeadlock } from '@fcfs/shared';
import { copyAddressBookOntoOrders } from '../db/buyers-repository.ts';
import type { OrdersDatabase, OrdersExecutor } from '../db/client.ts';
import { insertOrders, insertStatusChanges } from '../db/orders-repository.ts';
import type { NewOrderItemRow, OrderRow } from '../db/schema/index.ts';
import { statusChanged } from './order-state-machine.ts';

/** A reserved order, priced, about to be written. */
export interface PlacedOrder {
  order: Omit<OrderRow, 'seq'>;
  /** The trace of the request that placed it: one group commit writes the orders of many requests. */
  traceparent: string | null;
  items: NewOrderItemRow[];
}

/**
 * Writes placed orders with their first history rows and outbox events in the caller's transaction, and
 * gives those placed without an address their buyer's address book entry; returns each order's `seq`.
 */
export type PlacedOrdersWriter = (tx: OrdersExecutor, placed: PlacedOrder[]) => Promise<number[]>;

export const writePlacedOrders: PlacedOrdersWriter = async (tx, placed) => {
  const seqs = await insertOrders(
    tx,
    placed.map(({ order }) => order),
    placed.flatMap(({ items }) => items),
  );
  await copyAddressBookOntoOrders(
    tx,
    placed.filter(({ order }) => order.shippingAddressCiphertext === null).map(({ order }) => order.id),
  );
  await insertStatusChanges(
    tx,
    placed.map(({ order }) => ({
      orderId: order.id,
      fromStatus: null,
      toStatus: order.status,
      reason: null,
      changedAt: order.createdAt,
    })),
  );
  await enqueueTracedEvents(
    tx,
    placed.flatMap(({ order, items, traceparent }) =>
      [
        createEvent(
          'order.created',
          order.id,
          {
            orderId: order.id,
            userId: order.userId,
            items: items.map(({ productId, quantity, unitPrice }) => ({ productId, quantity, unitPrice })),
            totalPrice: order.totalPrice,
            paymentMethod: order.paymentMethod,
          },
          order.createdAt,
        ),
        statusChanged(order, null, order.status, order.createdAt),
      ].map((event) => ({ event, traceparent })),
    ),
  );
  return seqs;
};

/** One order to write, with what else must commit with it (checkoutCart removes the ordered cart lines). */
export interface OrderWrite {
  placed: PlacedOrder;
  alsoInTx?: ((tx: OrdersExecutor) => Promise<void>) | undefined;
}

export interface OrderWriterSettings {
  windowMs: number;
  maxBatch: number;
}

/** Every order placed by this process goes through one group commit: concurrent orders share a transaction. */
export type OrderWriter = GroupCommit<OrderWrite, number>;

export function createOrderWriter(
  connections: {
    db: OrdersDatabase;
    logger: Logger;
    eventsEnqueued: () => void;
    writePlacedOrders: PlacedOrdersWriter;
    onBatchCommitted?: (size: number) => void;
  },
  settings: OrderWriterSettings,
): OrderWriter {
  const { db, logger, eventsEnqueued, writePlacedOrders: write, onBatchCommitted } = connections;
  return new GroupCommit<OrderWrite, number>({
    ...settings,
    ...(onBatchCommitted ? { onBatchCommitted } : {}),
    write: async (writes) => {
      const seqs = await retryOnDeadlock(() =>
        db.transaction(async (tx) => {
          const written = await write(
            tx,
            writes.map(({ placed }) => placed),
          );
          for (const { alsoInTx } of writes) await alsoInTx?.(tx);
          return written;
        }),
      );
      eventsEnqueued();
      return seqs;
    },
    onBatchFailed: (error, size) =>
      logger.warn({ err: error, size }, 'an order batch failed; writing its orders one by one'),
  });
}
