/**
 * The session's tokens, in this page's memory only: never localStorage (a script injected into the page
 * could read it long after) and never a cookie (the gateway takes bearer tokens, so there is no cookie to
 * forge a request with). A reload therefore signs the buyer out.
 */
export interface Session {
  accessToken: string;
  refreshToken: string;
  /** When the access token expires (ms since the epoch). */
  expiresAt: number;
  user: { id: string; name: string; role: 'CUSTOMER' | 'ADMIN' };
}

let current: Session | null = null;
const listeners = new Set<() => void>();

export const currentSession = (): Session | null => current;

export function setSession(session: Session | null): void {
  current = session;
  for (const listener of listeners) listener();
}

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
