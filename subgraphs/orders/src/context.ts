import {
  type RequestLike,
  subgraphSigningKey,
  type ViewerContext,
  verifiedViewerContext,
} from '@fcfs/shared';
import { createOrderLoaders, type OrderLoaders } from './domain/order-loaders.ts';
import type { OrdersDependencies } from './domain/orders-dependencies.ts';

export interface OrdersContext extends ViewerContext {
  deps: OrdersDependencies;
  loaders: OrderLoaders;
}

export const createContextFactory = (deps: OrdersDependencies, signingSecret: string) => {
  const signingKey = subgraphSigningKey(signingSecret, 'orders');
  return async ({ req }: { req: RequestLike }): Promise<OrdersContext> => ({
    ...verifiedViewerContext(signingKey, req),
    deps,
    loaders: createOrderLoaders(deps),
  });
};
