import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface Received {
  results: { data?: unknown; errors?: unknown }[];
  errors: unknown[];
  completed: boolean;
}

/** Polls until `done` holds, or fails after `timeoutMs`. */
export async function until(done: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface TestSocket {
  client: Client;
  /** Resolves with the close code and reason once the server closes the socket. */
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves once the server acknowledged the connection. */
  connected: Promise<void>;
  subscribe: (query: string, variables?: Record<string, unknown>) => Received;
  dispose: () => Promise<void>;
}

/** A graphql-ws client over `ws` that never retries, so a test sees every close the server makes. */
export function openSocket(httpUrl: string, authorization?: string): TestSocket {
  let onClosed: (value: { code: number; reason: string }) => void = () => undefined;
  let onConnected: () => void = () => undefined;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    onClosed = resolve;
  });
  const connected = new Promise<void>((resolve) => {
    onConnected = resolve;
  });
  const client = createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: authorization ? { authorization } : {},
    on: {
      connected: () => onConnected(),
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        onClosed({ code, reason: String(reason) });
      },
    },
    onNonLazyError: () => undefined,
  });

  return {
    client,
    closed,
    connected,
    subscribe: (query, variables = {}) => {
      const received: Received = {
        results: [],
        errors: [],
        completed: false,
      };
      client.subscribe(
        { query, variables },
        {
          next: (value) => received.results.push(value),
          error: (error) => received.errors.push(error),
          complete: () => {
            received.completed = true;
          },
        },
      );
      return received;
    },
    dispose: () => Promise.resolve(client.dispose()),
  };
}
