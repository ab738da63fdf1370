import type { ProductResolvers } from '../__generated__/resolvers-types.ts';
import { availableStockOf } from '../domain/available-stock.ts';
import { findProduct } from '../domain/find-product.ts';
import { listStockAdjustments } from '../domain/list-stock-adjustments.ts';
import { saleStatusOf } from '../domain/sale-status.ts';
import { saleWindowOf } from '../domain/sale-window.ts';

export const Product: ProductResolvers = {
  __resolveReference: ({ id }, { loaders }) => findProduct(loaders, id),
  id: (product) => String(product.id),
  availableStock: (product, _args, { deps, loaders }) => availableStockOf(deps, loaders, product),
  saleStatus: async (product, _args, { deps, loaders }) =>
    saleStatusOf(saleWindowOf(product), await availableStockOf(deps, loaders, product), new Date()),
  stockAdjustments: (product, _args, { deps, viewer }) => listStockAdjustments(deps, viewer, product),
};
