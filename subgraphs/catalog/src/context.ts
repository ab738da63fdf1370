import { type RequestLike, type ViewerContext, verifiedViewerContext } from '@fcfs/shared';
import type { CatalogDependencies } from './dependencies.ts';
import { createProductLoaders, type ProductLoaders } from './domain/product-loaders.ts';

export interface CatalogContext extends ViewerContext {
  deps: CatalogDependencies;
  loaders: ProductLoaders;
}

export const createContextFactory =
  (deps: CatalogDependencies, signingSecret: string) =>
  async ({ req }: { req: RequestLike }): Promise<CatalogContext> => ({
    ...verifiedViewerContext(signingSecret, req),
    deps,
    loaders: createProductLoaders(deps),
  });
