import {
  encodeCursor,
  type Page,
  type PageArgs,
  pageOf,
  pageRequest,
  requireAdmin,
  type Viewer,
} from '@fcfs/shared';
import type { UserRow } from '../../db/schema/index.ts';
import { countUsers, listUsersPage } from '../../db/users-repository.ts';
import type { UsersDependencies } from '../../dependencies.ts';

export type UserPage = Page<UserRow>;

/**
 * `Query.users`, for admins: newest first, in keyset pages on the primary key, so accounts created between
 * two page requests never shift a later page (no duplicates, no gaps).
 */
export async function listUsers(
  deps: Pick<UsersDependencies, 'db'>,
  viewer: Viewer | null,
  args: PageArgs,
): Promise<UserPage> {
  requireAdmin(viewer);
  const { limit, after } = pageRequest(args);
  const rows = await listUsersPage(deps.db, { beforeId: after, limit });
  return pageOf(
    rows,
    limit,
    (user) => encodeCursor(user.id),
    () => countUsers(deps.db),
  );
}
