import { type RequestLike, type ViewerContext, verifiedViewerContext } from '@fcfs/shared';
import type { OrdersDependencies } from './dependencies.ts';
import { createOrderLoaders, type OrderLoaders } from './domain/order-loaders.ts';

export interface OrdersContext extends ViewerContext {
  deps: OrdersDependencies;
  loaders: OrderLoaders;
}

export const createContextFactory =
  (deps: OrdersDependencies, signingSecret: string) =>
  async ({ req }: { req: RequestLike }): Promise<OrdersContext> => ({
    ...verifiedViewerContext(signingSecret, req),
    deps,
    loaders: createOrderLoaders(deps),
  });
