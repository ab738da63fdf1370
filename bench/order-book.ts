import type { OrderStatus } from '@fcfs/shared';
import { eq, sql } from 'drizzle-orm';
import { connectOrdersDatabase } from '../subgraphs/orders/src/db/client.ts';
import { orderItems, orders } from '../subgraphs/orders/src/db/schema/index.ts';

export type StatusCounts = Partial<Record<OrderStatus, number>>;

/** Read-only view of the orders database: what the platform wrote, next to what the buyers were told. */
export class OrderBook {
  private readonly database = connectOrdersDatabase(process.env.ORDERS_DATABASE_URL ?? '', {
    connectionLimit: 2,
  });

  async statusesOf(productId: string): Promise<StatusCounts> {
    const rows = await this.database.db
      .select({ status: orders.status, count: sql<number>`count(*)` })
      .from(orders)
      .innerJoin(orderItems, eq(orderItems.orderId, orders.id))
      .where(eq(orderItems.productId, productId))
      .groupBy(orders.status);
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
  }

  /** Polls until `paid` orders of the product are PAID; the time it took, or null at the timeout. */
  async waitUntilPaid(
    productId: string,
    paid: number,
    since: number,
    timeoutMs: number,
  ): Promise<number | null> {
    for (;;) {
      const statuses = await this.statusesOf(productId);
      if ((statuses.PAID ?? 0) >= paid) return performance.now() - since;
      if (performance.now() - since > timeoutMs) return null;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  close(): Promise<void> {
    return this.database.close();
  }
}
