import type { QueryResolvers } from '../__generated__/resolvers-types.ts';
import { findProduct } from '../domain/find-product.ts';
import { listProducts } from '../domain/list-products.ts';

export const Query: QueryResolvers = {
  products: (_parent, args, { deps, loaders }) => listProducts(deps, loaders, args),
  product: (_parent, { id }, { loaders }) => findProduct(loaders, id),
};
