import DataLoader from 'dataloader';
import { inArray } from 'drizzle-orm';
import { type UserRow, users } from '../db/schema/index.ts';
import type { UsersDependencies } from '../dependencies.ts';

export interface UserLoaders {
  /** Batches every lookup of one request (e.g. the gateway's `_entities` for N orders) into one query. */
  userById: DataLoader<string, UserRow | null>;
}

const USER_ID = /^[1-9][0-9]{0,15}$/;

export function createUserLoaders(deps: Pick<UsersDependencies, 'db'>): UserLoaders {
  return {
    userById: new DataLoader<string, UserRow | null>(async (ids) => {
      const wanted = [...new Set(ids.filter((id) => USER_ID.test(id)).map(Number))];
      const rows =
        wanted.length === 0 ? [] : await deps.db.select().from(users).where(inArray(users.id, wanted));
      const byId = new Map(rows.map((row) => [String(row.id), row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
