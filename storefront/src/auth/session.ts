import { useSyncExternalStore } from 'react';
import { graphql } from '../__generated__/gql.ts';
import type { AuthFieldsFragment } from '../__generated__/graphql.ts';
import { apolloClient, socket } from '../api/client.ts';
import { currentSession, onSessionChange, type Session, setSession } from './token-store.ts';

// Operations in other files spread this fragment; codegen reads it from here.
graphql(/* GraphQL */ `
  fragment AuthFields on AuthPayload {
    accessToken
    refreshToken
    expiresAt
    user { id name role }
  }
`);

const REFRESH = graphql(/* GraphQL */ `
  mutation Refresh($refreshToken: String!) {
    refreshToken(refreshToken: $refreshToken) { ...AuthFields }
  }
`);

const LOGOUT = graphql(/* GraphQL */ `
  mutation Logout {
    logout
  }
`);

/** Rotated this long before the access token expires, so no request ever carries an expired one. */
const REFRESH_AHEAD_MS = 60_000;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;

function scheduleRefresh(session: Session): void {
  clearTimeout(refreshTimer);
  const lifetime = session.expiresAt - Date.now();
  // A token shorter-lived than twice the margin (tests use seconds) is rotated halfway through instead.
  const delay = Math.max(1_000, lifetime > 2 * REFRESH_AHEAD_MS ? lifetime - REFRESH_AHEAD_MS : lifetime / 2);
  refreshTimer = setTimeout(() => void rotate(), delay);
}

/** Starts (or replaces) the session and reconnects the socket under the new token. */
export function begin(payload: AuthFieldsFragment): void {
  const session: Session = {
    accessToken: payload.accessToken,
    refreshToken: payload.refreshToken,
    expiresAt: Date.parse(payload.expiresAt),
    user: payload.user,
  };
  setSession(session);
  scheduleRefresh(session);
  socket.terminate();
}

/** Trades the refresh token for a new pair; a refused refresh (reused, revoked) ends the session. */
async function rotate(): Promise<void> {
  const session = currentSession();
  if (!session) return;
  try {
    const { data } = await apolloClient.mutate({
      mutation: REFRESH,
      variables: { refreshToken: session.refreshToken },
    });
    if (data) begin(data.refreshToken);
  } catch {
    await end();
  }
}

async function end(): Promise<void> {
  clearTimeout(refreshTimer);
  setSession(null);
  socket.terminate();
  await apolloClient.clearStore();
}

export async function logOut(): Promise<void> {
  try {
    await apolloClient.mutate({ mutation: LOGOUT });
  } finally {
    await end();
  }
}

export const useSession = (): Session | null => useSyncExternalStore(onSessionChange, currentSession);
