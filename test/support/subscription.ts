import { createClient } from 'graphql-ws';

export interface StatusEvent {
  id: string;
  status: string;
  [field: string]: unknown;
}

/**
 * Subscribes to `orderStatusChanged` through the gateway's graphql-ws endpoint as the given user and collects
 * every payload, the way a client app would.
 */
export function watchOrderStatus(
  gatewayUrl: string,
  accessToken: string,
  selection: string,
  orderId?: string,
) {
  const client = createClient({
    url: gatewayUrl.replace(/^http/, 'ws'),
    connectionParams: { authorization: `Bearer ${accessToken}` },
    lazy: false,
    retryAttempts: 0,
  });
  const events: StatusEvent[] = [];
  const errors: unknown[] = [];
  let closed = false;
  const subscribed = new Promise<void>((resolve) => {
    client.on('connected', () => resolve());
  });
  const unsubscribe = client.subscribe<{ orderStatusChanged: StatusEvent }>(
    {
      query: `subscription($orderId: ID) { orderStatusChanged(orderId: $orderId) { ${selection} } }`,
      variables: { orderId: orderId ?? null },
    },
    {
      next: (result) => {
        if (result.errors) errors.push(...result.errors);
        if (result.data) events.push(result.data.orderStatusChanged);
      },
      error: (error) => errors.push(error),
      complete: () => {
        closed = true;
      },
    },
  );
  return {
    events,
    errors,
    subscribed,
    isClosed: () => closed,
    close: async () => {
      unsubscribe();
      await client.dispose();
    },
  };
}
