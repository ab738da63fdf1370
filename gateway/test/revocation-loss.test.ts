import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { REVOCATION_EPOCH_KEY, revokedJtiKey, revokedSessionKey } from '@fcfs/shared';
import jwt from 'jsonwebtoken';
import { dataOf, PASSWORD, type Platform, signUpCustomer, startPlatform } from './gateway-harness.ts';

const ME = /* GraphQL */ 'query Me { me { id role } }';
const LOGIN = /* GraphQL */ `
  mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }
`;
const REFRESH = /* GraphQL */ `
  mutation Refresh($refreshToken: String!) { refreshToken(refreshToken: $refreshToken) { accessToken } }
`;

const revoked = {
  status: 401,
  errors: [{ message: 'The access token has been revoked', extensions: { code: 'UNAUTHENTICATED' } }],
};

// Its own platform and file: losing the deny-list refuses every token issued before, the other tests' too.
describe('Redis loses the deny-list', () => {
  let platform: Platform;

  before(async () => {
    platform = await startPlatform();
  });
  after(() => platform.close());

  test('tokens issued before the loss are refused, even a logged-out one whose mark was lost; new ones work', async () => {
    const customer = await signUpCustomer(platform);
    const loggedOut = await signUpCustomer(platform);
    assert.deepEqual(
      (await platform.graphql('mutation { logout }', {}, { token: loggedOut.accessToken })).body,
      {
        data: { logout: true },
      },
    );
    const me = await platform.graphql(ME, {}, { token: customer.accessToken });
    assert.deepEqual(me.body, { data: { me: { id: customer.userId, role: 'CUSTOMER' } } });

    // `iat` is in whole seconds: let the clock leave the second these tokens were issued in.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const { jti, sid } = jwt.decode(loggedOut.accessToken) as { jti: string; sid: string };
    await platform.gateway.redis.del(REVOCATION_EPOCH_KEY, revokedSessionKey(sid), revokedJtiKey(jti));

    for (const token of [customer.accessToken, loggedOut.accessToken]) {
      const refused = await platform.graphql(ME, {}, { token });
      assert.deepEqual({ status: refused.status, ...refused.body }, revoked);
    }

    // The client's way back: its refresh token (MySQL keeps those), or a login.
    const refreshed = dataOf<{ accessToken: string }>(
      await platform.graphql(REFRESH, { refreshToken: customer.refreshToken }),
      'refreshToken',
    );
    const back = await platform.graphql(ME, {}, { token: refreshed.accessToken });
    assert.deepEqual(back.body, { data: { me: { id: customer.userId, role: 'CUSTOMER' } } });
    const relogged = dataOf<{ accessToken: string }>(
      await platform.graphql(LOGIN, { email: customer.email, password: PASSWORD }),
      'login',
    );
    assert.equal((await platform.graphql(ME, {}, { token: relogged.accessToken })).status, 200);
    // The logged-out session stays ended: MySQL revoked its refresh tokens.
    const stillOut = await platform.graphql(REFRESH, { refreshToken: loggedOut.refreshToken });
    assert.equal(stillOut.body.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
  });
});
