import type { QueryResolvers } from '../__generated__/resolvers-types.ts';
import { findUserByEmail } from '../domain/admin/find-user-by-email.ts';
import { listUsers } from '../domain/admin/list-users.ts';
import { exportMyData } from '../domain/erasure/export-my-data.ts';
import { findMe } from '../domain/find-me.ts';

export const Query: QueryResolvers = {
  me: (_parent, _args, ctx) => findMe(ctx.loaders, ctx.viewer),
  userByEmail: (_parent, args, ctx) => findUserByEmail(ctx.deps, ctx.viewer, args),
  users: (_parent, args, ctx) => listUsers(ctx.deps, ctx.viewer, args),
  exportMyData: (_parent, _args, ctx) => exportMyData(ctx.deps, ctx.viewer),
};
