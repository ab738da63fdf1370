import type { QueryResolvers } from '../__generated__/resolvers-types.ts';
import { findVisibleOrder } from '../domain/find-order.ts';

export const Query: QueryResolvers = {
  order: (_parent, { id }, { loaders, viewer }) => findVisibleOrder(loaders, viewer, id),
};
