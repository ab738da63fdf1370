import { createClient } from 'graphql-ws';

export interface AvailabilityUpdate {
  productId: string;
  availableStock: number;
  saleStatus: string;
  /** When the client received it (ms since the epoch). */
  at: number;
}

/**
 * Subscribes to `productAvailabilityChanged` through the gateway's graphql-ws endpoint as the given user and
 * collects every update with its arrival time, the way a shelf would.
 */
export function watchAvailability(gatewayUrl: string, accessToken: string, productIds: unknown) {
  const client = createClient({
    url: gatewayUrl.replace(/^http/, 'ws'),
    connectionParams: { authorization: `Bearer ${accessToken}` },
    lazy: false,
    retryAttempts: 0,
  });
  const updates: AvailabilityUpdate[] = [];
  const errors: { message: string; extensions?: Record<string, unknown> }[] = [];
  const connected = new Promise<void>((resolve) => {
    client.on('connected', () => resolve());
  });
  const unsubscribe = client.subscribe<{ productAvailabilityChanged: Omit<AvailabilityUpdate, 'at'> }>(
    {
      query: /* GraphQL */ `
        subscription Shelf($ids: [ID!]!) {
          productAvailabilityChanged(productIds: $ids) { productId availableStock saleStatus }
        }
      `,
      variables: { ids: productIds },
    },
    {
      next: (result) => {
        if (result.errors) errors.push(...(result.errors as typeof errors));
        if (result.data) updates.push({ ...result.data.productAvailabilityChanged, at: Date.now() });
      },
      error: (error) => errors.push(...(Array.isArray(error) ? error : [{ message: String(error) }])),
      complete: () => undefined,
    },
  );
  return {
    updates,
    errors,
    connected,
    of: (productId: string) => updates.filter((update) => update.productId === productId),
    close: async () => {
      unsubscribe();
      await client.dispose();
    },
  };
}
