import type { MutationResolvers } from '../__generated__/resolvers-types.ts';
import { setUserRole } from '../domain/admin/set-user-role.ts';
import { changePassword } from '../domain/change-password.ts';
import { deleteAccount } from '../domain/erasure/delete-account.ts';
import { login } from '../domain/login.ts';
import { logout } from '../domain/logout.ts';
import { refreshSession } from '../domain/refresh-session.ts';
import { requestEmailVerification } from '../domain/request-email-verification.ts';
import { requestPasswordReset } from '../domain/request-password-reset.ts';
import { resetPassword } from '../domain/reset-password.ts';
import { signUp } from '../domain/sign-up.ts';
import { updateProfile } from '../domain/update-profile.ts';
import { verifyEmail } from '../domain/verify-email.ts';

export const Mutation: MutationResolvers = {
  requestEmailVerification: (_parent, args, ctx) => requestEmailVerification(ctx.deps, ctx, args),
  verifyEmail: (_parent, args, ctx) => verifyEmail(ctx.deps, args),
  signUp: (_parent, { input }, ctx) => signUp(ctx.deps, input),
  login: (_parent, args, ctx) => login(ctx.deps, ctx, args),
  refreshToken: (_parent, args, ctx) => refreshSession(ctx.deps, args),
  logout: (_parent, _args, ctx) => logout(ctx.deps, ctx.viewer, ctx.accessToken),
  updateProfile: (_parent, { input }, ctx) => updateProfile(ctx.deps, ctx.viewer, input),
  changePassword: (_parent, args, ctx) => changePassword(ctx.deps, ctx.viewer, ctx.accessToken, args),
  requestPasswordReset: (_parent, args, ctx) => requestPasswordReset(ctx.deps, ctx, args),
  resetPassword: (_parent, args, ctx) => resetPassword(ctx.deps, args),
  setUserRole: (_parent, args, ctx) => setUserRole(ctx.deps, ctx.viewer, args),
  deleteAccount: (_parent, args, ctx) => deleteAccount(ctx.deps, ctx.viewer, args),
};
