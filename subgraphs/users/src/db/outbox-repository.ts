import { type Executor, outbox } from '@fcfs/shared';
import { and, eq, sql } from 'drizzle-orm';
import type { UsersSchema } from './client.ts';

/** An erased user's address announcements (sealed, but under a key that lives on): none stays in the outbox. */
export async function deleteAddressEventsOf(db: Executor<UsersSchema>, userId: string): Promise<void> {
  await db
    .delete(outbox)
    .where(
      and(
        eq(outbox.type, 'user.address-changed'),
        eq(sql`JSON_UNQUOTE(JSON_EXTRACT(${outbox.envelope}, '$.key'))`, userId),
      ),
    );
}
