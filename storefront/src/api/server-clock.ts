/**
 * The gateway's clock as this page estimates it from each answer's `Date` header, so a countdown ends when
 * the server opens the sale rather than when a wrong browser clock says. The header holds whole seconds
 * stamped before the answer arrived, so each one is a lower bound: keeping the largest errs towards opening
 * late by under a second, never early.
 */
let offsetMs: number | undefined;
const listeners = new Set<() => void>();

export function observeServerDate(header: string | null, receivedAt: number): void {
  if (!header) return;
  const serverMs = Date.parse(header);
  if (Number.isNaN(serverMs)) return;
  const observed = serverMs - receivedAt;
  if (offsetMs !== undefined && observed <= offsetMs) return;
  offsetMs = observed;
  for (const listener of listeners) listener();
}

export const serverNow = (): number => Date.now() + (offsetMs ?? 0);

export function onServerClockChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
