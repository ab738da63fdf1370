import type { MutationResolvers } from '../__generated__/resolvers-types.ts';
import { adjustStock } from '../domain/adjust-stock.ts';
import { archiveProduct } from '../domain/archive-product.ts';
import { createProduct } from '../domain/create-product.ts';
import { restockProduct } from '../domain/restock-product.ts';
import { updateProduct } from '../domain/update-product.ts';

export const Mutation: MutationResolvers = {
  createProduct: (_parent, { input }, { deps, viewer }) => createProduct(deps, viewer, input),
  updateProduct: (_parent, { id, input }, { deps, viewer }) => updateProduct(deps, viewer, id, input),
  restockProduct: (_parent, { id, quantity }, { deps, viewer }) => restockProduct(deps, viewer, id, quantity),
  adjustStock: (_parent, request, { deps, viewer }) => adjustStock(deps, viewer, request),
  archiveProduct: (_parent, { id }, { deps, viewer }) => archiveProduct(deps, viewer, id),
};
