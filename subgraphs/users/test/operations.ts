import assert from 'node:assert/strict';
import { rateLimitKey } from '@fcfs/shared';
import { codeKey, failuresKey, tokenKey } from '../src/domain/verification/verification-store.ts';
import { codeFromMail, mailCount, PASSWORD, type Users, uniqueClient, uniqueEmail } from './users-harness.ts';

export const USER_FIELDS = 'id email name address phone role createdAt';

export const REQUEST_VERIFICATION = /* GraphQL */ `
  mutation Request($email: String!) { requestEmailVerification(email: $email) }
`;
export const VERIFY_EMAIL = /* GraphQL */ `
  mutation Verify($email: String!, $code: String!) { verifyEmail(email: $email, code: $code) { verificationToken expiresAt } }
`;
export const SIGN_UP = /* GraphQL */ `
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) { accessToken refreshToken expiresAt user { ${USER_FIELDS} } }
  }
`;
export const LOGIN = /* GraphQL */ `
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) { accessToken refreshToken expiresAt user { id role } }
  }
`;
export const REFRESH = /* GraphQL */ `
  mutation Refresh($refreshToken: String!) {
    refreshToken(refreshToken: $refreshToken) { accessToken refreshToken expiresAt user { id } }
  }
`;
export const LOGOUT = /* GraphQL */ 'mutation Logout { logout }';
export const CHANGE_PASSWORD = /* GraphQL */ `
  mutation Change($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)
  }
`;
export const REQUEST_PASSWORD_RESET = /* GraphQL */ `
  mutation RequestReset($email: String!) { requestPasswordReset(email: $email) }
`;
export const RESET_PASSWORD = /* GraphQL */ `
  mutation Reset($email: String!, $code: String!, $newPassword: String!) {
    resetPassword(email: $email, code: $code, newPassword: $newPassword)
  }
`;
export const USER_BY_EMAIL = /* GraphQL */ `
  query UserByEmail($email: String!) { userByEmail(email: $email) { ${USER_FIELDS} } }
`;
export const USERS = /* GraphQL */ `
  query Users($first: Int, $after: String) {
    users(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id email role } }
    }
  }
`;
export const SET_USER_ROLE = /* GraphQL */ `
  mutation SetRole($userId: ID!, $role: Role!) { setUserRole(userId: $userId, role: $role) { ${USER_FIELDS} } }
`;
export const ME = /* GraphQL */ `query Me { me { ${USER_FIELDS} } }`;
export const UPDATE_PROFILE = /* GraphQL */ `
  mutation Update($input: UpdateProfileInput!) { updateProfile(input: $input) { ${USER_FIELDS} } }
`;

export interface AuthPayload {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
  user: {
    id: string;
    createdAt: string;
    email: string | null;
    name: string;
    address: string | null;
    phone: string | null;
    role: string;
  };
}

/** Registers the email's and the client's Redis state with the harness so it is deleted at the end. */
export function trackEmail(users: Users, email: string) {
  const emailIndex = users.deps.pii.emailIndex(email);
  const { verificationPerEmail, passwordResetPerEmail, loginFailures } = users.deps.limits;
  users.track(
    codeKey(emailIndex),
    failuresKey(emailIndex),
    codeKey(emailIndex, 'password-reset'),
    failuresKey(emailIndex, 'password-reset'),
    rateLimitKey(verificationPerEmail.rule, emailIndex),
    rateLimitKey(passwordResetPerEmail.rule, emailIndex),
    rateLimitKey(loginFailures.rule, emailIndex),
  );
}

export function trackClient(users: Users, client: string) {
  const { verificationPerClient, passwordResetPerClient } = users.deps.limits;
  users.track(
    rateLimitKey(verificationPerClient.rule, client),
    rateLimitKey(passwordResetPerClient.rule, client),
  );
}

/** Requests a code for `email` from a fresh client address and reads it from the mail catcher. */
export async function requestCode(users: Users, email: string): Promise<string> {
  const client = uniqueClient();
  trackEmail(users, email);
  trackClient(users, client);
  const before = await mailCount(email);
  const requested = await users.call(
    null,
    REQUEST_VERIFICATION,
    { email },
    { headers: { 'x-forwarded-for': client } },
  );
  assert.deepEqual(requested, { status: 200, data: { requestEmailVerification: true } });
  return codeFromMail(email, before + 1);
}

export async function verificationToken(users: Users, email: string): Promise<string> {
  const code = await requestCode(users, email);
  const verified = await users.call<{ verifyEmail: { verificationToken: string } }>(null, VERIFY_EMAIL, {
    email,
    code,
  });
  assert.equal(verified.errors, undefined, JSON.stringify(verified.errors));
  const token = verified.data?.verifyEmail.verificationToken;
  assert.ok(token);
  users.track(tokenKey(users.deps.pii, token));
  return token;
}

export interface Profile {
  email: string;
  name: string;
  address: string;
  phone?: string | null;
}

export const newProfile = (label: string): Profile => ({
  email: uniqueEmail(label),
  name: `Kim ${label} ${Math.random().toString(36).slice(2, 8)}`,
  address: `${Math.floor(Math.random() * 900 + 100)} Teheran-ro, Gangnam-gu, Seoul`,
  phone: `+82 10-${Math.floor(Math.random() * 9000 + 1000)}-${Math.floor(Math.random() * 9000 + 1000)}`,
});

/** The whole sign-up: code by mail, verification token, account. */
export async function signUpUser(
  users: Users,
  profile: Profile = newProfile('user'),
): Promise<AuthPayload & { profile: Profile }> {
  const token = await verificationToken(users, profile.email);
  const result = await users.call<{ signUp: AuthPayload }>(null, SIGN_UP, {
    input: { ...profile, password: PASSWORD, verificationToken: token },
  });
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  const payload = result.data?.signUp;
  assert.ok(payload);
  users.track(`revoked:user:${payload.user.id}`);
  return { ...payload, profile };
}
