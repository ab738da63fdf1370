import type { UserResolvers } from '../__generated__/resolvers-types.ts';
import { revealName, revealPrivateField } from '../domain/reveal-personal-data.ts';

export const User: UserResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.userById.load(reference.id),
  id: (user) => String(user.id),
  email: (user, _args, ctx) => revealPrivateField(ctx.deps, ctx.viewer, user, 'email'),
  name: (user, _args, ctx) => revealName(ctx.deps, user),
  address: (user, _args, ctx) => revealPrivateField(ctx.deps, ctx.viewer, user, 'address'),
  phone: (user, _args, ctx) => revealPrivateField(ctx.deps, ctx.viewer, user, 'phone'),
};
