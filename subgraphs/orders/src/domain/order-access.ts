import type { Viewer } from '@fcfs/shared';
import { forbidden } from '@fcfs/shared';

/** An order, a cart or an order list is the business of its owner and of admins, nobody else. */
export const mayAccess = (viewer: Viewer | null, ownerId: string): boolean =>
  viewer !== null && (viewer.role === 'ADMIN' || viewer.id === ownerId);

export function requireAccess(viewer: Viewer | null, ownerId: string, what: string): void {
  if (!mayAccess(viewer, ownerId))
    throw forbidden(`Only the user themself or an admin may see their ${what}`);
}
