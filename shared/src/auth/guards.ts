import { forbidden, unauthenticated } from '../errors/index.ts';
import type { Viewer } from './roles.ts';

/** First line of a domain verb that needs a caller: returns the viewer or throws UNAUTHENTICATED. */
export function requireViewer(viewer: Viewer | null): Viewer {
  if (!viewer) throw unauthenticated();
  return viewer;
}

export function requireAdmin(viewer: Viewer | null): Viewer {
  const caller = requireViewer(viewer);
  if (caller.role !== 'ADMIN') throw forbidden('Only an admin can do this');
  return caller;
}
