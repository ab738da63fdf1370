import { randomUUID } from 'node:crypto';
import { codeFromMail } from '@fcfs/shared/testing';

export { eventually } from '@fcfs/shared/testing';

import type { GraphQLResult, Platform } from './platform.ts';

export const BUYER_PASSWORD = 'correct horse battery staple';

export interface Buyer {
  id: string;
  email: string;
  accessToken: string;
  refreshToken: string;
}

export const uniqueEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@buyers.fcfs.test`;

/** Fails with the whole response when a GraphQL call did not succeed, so a broken step says what it got. */
export function dataOf<Data>(result: GraphQLResult<Data>): Data {
  if (result.errors || !result.data) throw new Error(`GraphQL call failed: ${JSON.stringify(result)}`);
  return result.data;
}

/** Signs a buyer up the way a client app does: request a code, read it from the mail, verify, sign up. */
export async function signUpBuyer(platform: Platform, email = uniqueEmail('buyer')): Promise<Buyer> {
  dataOf(
    await platform.graphql(`mutation($email: String!) { requestEmailVerification(email: $email) }`, {
      email,
    }),
  );
  const code = await codeFromMail(email, 1, 30_000);
  const { verifyEmail } = dataOf(
    await platform.graphql<{ verifyEmail: { verificationToken: string } }>(
      `mutation($email: String!, $code: String!) { verifyEmail(email: $email, code: $code) { verificationToken } }`,
      { email, code },
    ),
  );
  const { signUp } = dataOf(
    await platform.graphql<{ signUp: { accessToken: string; refreshToken: string; user: { id: string } } }>(
      /* GraphQL */ `
        mutation($input: SignUpInput!) { signUp(input: $input) { accessToken refreshToken user { id } } }
      `,
      {
        input: {
          email,
          password: BUYER_PASSWORD,
          name: 'Test Buyer',
          address: '1 Test Street, Seoul',
          verificationToken: verifyEmail.verificationToken,
        },
      },
    ),
  );
  return { id: signUp.user.id, email, accessToken: signUp.accessToken, refreshToken: signUp.refreshToken };
}

export async function loginAdmin(platform: Platform): Promise<string> {
  const email = process.env.ADMIN_EMAIL ?? '';
  const password = process.env.ADMIN_PASSWORD ?? '';
  const { login } = dataOf(
    await platform.graphql<{ login: { accessToken: string } }>(
      `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`,
      { email, password },
    ),
  );
  return login.accessToken;
}

export async function createProduct(
  platform: Platform,
  adminToken: string,
  input: { name: string; stock: number; price?: number; purchaseLimit?: number; saleStartsAt?: string },
): Promise<string> {
  const { createProduct: created } = dataOf(
    await platform.graphql<{ createProduct: { id: string } }>(
      `mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }`,
      {
        input: {
          price: 10_000,
          purchaseLimit: 1,
          saleStartsAt: new Date(Date.now() - 60_000).toISOString(),
          ...input,
        },
      },
      adminToken,
    ),
  );
  return created.id;
}
