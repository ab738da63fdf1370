import {
  type RequestLike,
  subgraphSigningKey,
  type ViewerContext,
  verifiedViewerContext,
} from '@fcfs/shared';
import type { CatalogDependencies } from './dependencies.ts';
import { createProductLoaders, type ProductLoaders } from './domain/product-loaders.ts';

export interface CatalogContext extends ViewerContext {
  deps: CatalogDependencies;
  loaders: ProductLoaders;
}

export const createContextFactory = (deps: CatalogDependencies, signingSecret: string) => {
  const signingKey = subgraphSigningKey(signingSecret, 'catalog');
  return async ({ req }: { req: RequestLike }): Promise<CatalogContext> => ({
    ...verifiedViewerContext(signingKey, req),
    deps,
    loaders: createProductLoaders(deps),
  });
};
