export { requireAdmin, requireViewer } from './guards.ts';
export { isPaymentIdOf, type PaymentIdKey, paymentIdFor, paymentIdKey } from './payment-ids.ts';
export { REVOCATION_EPOCH_KEY, revokedJtiKey, revokedSessionKey, revokedUserKey } from './revocation-keys.ts';
export { ROLES, type Role, type Viewer } from './roles.ts';
export {
  type ForwardedToken,
  MAX_SIGNATURE_AGE_MS,
  SIGNED_CONTEXT_HEADERS,
  type SignedOperation,
  signUserContext,
  type VerifiedContext,
  verifyUserContext,
} from './signed-context.ts';
export { type SubgraphSigningKey, subgraphSigningKey } from './subgraph-signing-key.ts';
