import {
  badUserInput,
  decodeCursor,
  encodeCursor,
  MAX_PAGE_SIZE,
  requireAdmin,
  type Viewer,
} from '@fcfs/shared';
import type { UserRow } from '../../db/schema/index.ts';
import { countUsers, listUsersPage } from '../../db/users-repository.ts';
import type { UsersDependencies } from '../../dependencies.ts';

export interface UserPage {
  edges: { cursor: string; node: UserRow }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: () => Promise<number>;
}

export interface ListUsersInput {
  first?: number | null;
  after?: string | null;
}

/**
 * `Query.users`, for admins: newest first, in keyset pages on the primary key, so accounts created between
 * two page requests never shift a later page (no duplicates, no gaps).
 */
export async function listUsers(
  deps: Pick<UsersDependencies, 'db'>,
  viewer: Viewer | null,
  { first, after }: ListUsersInput,
): Promise<UserPage> {
  requireAdmin(viewer);
  const limit = first ?? 20;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) {
    throw badUserInput(`first must be between 0 and ${MAX_PAGE_SIZE}`, 'first');
  }
  const beforeId = after ? decodeCursor(after) : undefined;
  if (after && beforeId === undefined) throw badUserInput('after is not a cursor from this list', 'after');

  const rows = await listUsersPage(deps.db, { beforeId, limit });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    edges: page.map((node) => ({ cursor: encodeCursor(node.id), node })),
    pageInfo: { hasNextPage: rows.length > limit, endCursor: last ? encodeCursor(last.id) : null },
    totalCount: () => countUsers(deps.db),
  };
}
