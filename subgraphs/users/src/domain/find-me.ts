import type { Viewer } from '@fcfs/shared';
import type { UserRow } from '../db/schema/index.ts';
import type { UserLoaders } from './user-loaders.ts';

/** The caller's own account; null for an anonymous caller (or a token of a deleted user). */
export async function findMe(loaders: UserLoaders, viewer: Viewer | null): Promise<UserRow | null> {
  if (!viewer) return null;
  return loaders.userById.load(viewer.id);
}
