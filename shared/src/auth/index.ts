export { requireAdmin, requireViewer } from './guards.ts';
export { FORWARDED_TOKEN_HEADERS, revokedJtiKey, revokedUserKey } from './revocation-keys.ts';
export { ROLES, type Role, type Viewer } from './roles.ts';
export {
  MAX_SIGNATURE_AGE_MS,
  SIGNED_CONTEXT_HEADERS,
  type SignedOperation,
  signUserContext,
  type VerifiedContext,
  verifyUserContext,
} from './signed-context.ts';
