import type { IncomingMessage } from 'node:http';
import { isClientError, type Logger } from '@fcfs/shared';
import { CloseCode } from 'graphql-ws';
import type { WebSocket } from 'ws';
import { buildContext, type ContextDependencies, type GatewayContext } from '../context.ts';
import type { RevocationList } from '../request-gate.ts';
import { socketCounts, TRY_AGAIN_LATER } from './socket-caps.ts';

/** One socket: who is on it, and the timer that closes it when the token expires. */
export interface Session {
  socket: WebSocket;
  context: GatewayContext;
  expiry: NodeJS.Timeout;
  /** Closed with the socket, whatever graphql-ws does with the iterators. */
  streams: Set<{ close: () => void }>;
}

export interface SessionOptions extends ContextDependencies {
  revocations: RevocationList;
  /** How often open sockets re-check their token against the deny-list. */
  revocationCheckMs: number;
  /** Open sockets per signed-in user. */
  perUser: number;
  logger: Logger;
}

export interface Sessions {
  /** The session of a socket whose `connection_init` was accepted. */
  of: (socket: WebSocket) => Session | undefined;
  /** Admits a socket at `connection_init` with its token, or closes it; true when admitted. */
  open: (socket: WebSocket, request: IncomingMessage, authorization: unknown) => Promise<boolean>;
  /** Closes the session's streams and frees its user's slot. */
  end: (socket: WebSocket) => void;
  /** Closes the socket (4401) when its token has been revoked since it connected. */
  revoked: (session: Session) => Promise<boolean>;
  size: () => number;
  dispose: () => void;
}

/** Longest delay setTimeout takes; a token living longer is re-checked by the periodic deny-list sweep. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const closeUnauthorized = (socket: WebSocket, reason: string) => socket.close(CloseCode.Unauthorized, reason);

/**
 * Who is on each socket. A socket is a session once its `connection_init` carried a valid, unrevoked token and
 * its user is under the per-user cap; it closes when the token expires, and within one sweep of a logout or a
 * password change revoking it.
 */
export function createSessions(options: SessionOptions): Sessions {
  const { revocations, logger } = options;
  const sessions = new Map<WebSocket, Session>();
  const socketsByUser = socketCounts(options.perUser);

  const end = (socket: WebSocket) => {
    const session = sessions.get(socket);
    if (!session) return;
    if (session.context.viewer) socketsByUser.release(session.context.viewer.id);
    clearTimeout(session.expiry);
    for (const stream of session.streams) stream.close();
    sessions.delete(socket);
  };

  const revoked = async (session: Session): Promise<boolean> => {
    if (!session.context.token || !(await revocations.isRevoked(session.context.token))) return false;
    closeUnauthorized(session.socket, 'Token revoked');
    return true;
  };

  const sweep = setInterval(() => {
    for (const session of sessions.values()) {
      revoked(session).catch((error: unknown) => logger.warn({ err: error }, 'revocation check failed'));
    }
  }, options.revocationCheckMs);
  sweep.unref();

  const open = async (socket: WebSocket, request: IncomingMessage, authorization: unknown) => {
    let context: GatewayContext;
    try {
      context = buildContext(options, request, typeof authorization === 'string' ? authorization : undefined);
    } catch (error) {
      if (isClientError(error)) return false;
      throw error;
    }
    // Every subscription needs a signed-in caller: an anonymous socket would only hold a slot.
    if (!context.token || !context.viewer) {
      closeUnauthorized(socket, 'Sign in: send the access token in connection_init');
      return false;
    }
    if (await revocations.isRevoked(context.token)) return false;
    if (socket.readyState !== socket.OPEN) return false;
    if (!socketsByUser.take(context.viewer.id)) {
      socket.close(TRY_AGAIN_LATER, 'Too many connections for this user');
      return false;
    }
    const untilExpiry = Math.min(context.token.expiresAt * 1000 - Date.now(), MAX_TIMER_MS);
    sessions.set(socket, {
      socket,
      context,
      expiry: setTimeout(() => closeUnauthorized(socket, 'Token expired'), Math.max(0, untilExpiry)),
      streams: new Set(),
    });
    return true;
  };

  return {
    of: (socket) => sessions.get(socket),
    open,
    end,
    revoked,
    size: () => sessions.size,
    dispose: () => {
      clearInterval(sweep);
      for (const socket of sessions.keys()) end(socket);
    },
  };
}
