import type { QueryResolvers } from '../__generated__/resolvers-types.ts';
import { findMe } from '../domain/find-me.ts';

export const Query: QueryResolvers = {
  me: (_parent, _args, ctx) => findMe(ctx.loaders, ctx.viewer),
};
