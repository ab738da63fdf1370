import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { requireTestEnv } from '@fcfs/shared/testing';
import jwt from 'jsonwebtoken';
import {
  type AuthPayload,
  CHANGE_PASSWORD,
  LOGIN,
  LOGOUT,
  ME,
  REFRESH,
  signUpUser,
  trackEmail,
} from './operations.ts';
import { asGateway, PASSWORD, startTestUsers, type Users, uniqueEmail } from './users-harness.ts';

let users: Users;

before(async () => {
  users = await startTestUsers();
});
after(() => users.close());

const failure = (path: string, code: string, message: string, extra: Record<string, unknown> = {}) => ({
  status: 200,
  data: null,
  errors: [{ message, path: [path], extensions: { code, ...extra } }],
});
const invalidCredentials = failure('login', 'INVALID_CREDENTIALS', 'Email or password is wrong');
const refreshRefused = failure(
  'refreshToken',
  'UNAUTHENTICATED',
  'The refresh token is invalid, expired or revoked; log in again',
);

const claimsOf = (token: string) => jwt.decode(token) as jwt.JwtPayload & { sid: string; iat: number };

const login = (email: string, password: string) =>
  users.call<{ login: AuthPayload }>(null, LOGIN, { email, password });
const refresh = (refreshToken: string) =>
  users.call<{ refreshToken: AuthPayload }>(null, REFRESH, { refreshToken });

describe('login', () => {
  test('issues an ES256 access token with iss, aud, sub, role, jti and sid, valid 15 minutes', async () => {
    const account = await signUpUser(users);
    const result = await login(`  ${account.profile.email.toUpperCase()}`, PASSWORD);
    const payload = result.data?.login;
    assert.ok(payload, JSON.stringify(result.errors));
    assert.deepEqual(result, {
      status: 200,
      data: { login: { ...payload, user: { id: account.user.id, role: 'CUSTOMER' } } },
    });

    const publicKey = readFileSync(requireTestEnv('JWT_PUBLIC_KEY_FILE'), 'utf8');
    const claims = jwt.verify(payload.accessToken, publicKey, {
      algorithms: ['ES256'],
      issuer: requireTestEnv('JWT_ISSUER'),
      audience: requireTestEnv('JWT_AUDIENCE'),
    }) as jwt.JwtPayload;
    assert.deepEqual(Object.keys(claims).sort(), ['aud', 'exp', 'iat', 'iss', 'jti', 'role', 'sid', 'sub']);
    assert.equal(claims.sub, account.user.id);
    assert.equal(claims.role, 'CUSTOMER');
    assert.equal((claims.exp ?? 0) - (claims.iat ?? 0), 15 * 60);
    assert.match(String(claims.jti), /^[0-9a-f-]{36}$/);
    assert.notEqual(
      claims.sid,
      (jwt.decode(account.accessToken) as jwt.JwtPayload).sid,
      'a login is a new session',
    );
    // A token whose header claims another algorithm is refused by a verifier pinned to ES256.
    assert.throws(
      () => jwt.verify(payload.accessToken, publicKey, { algorithms: ['RS256'] }),
      /invalid algorithm/,
    );
  });

  test('the public key is published as a JWKS that verifies the tokens', async () => {
    const account = await signUpUser(users);
    const response = await fetch(`${users.origin}/.well-known/jwks.json`);
    assert.equal(response.status, 200);
    const jwks = (await response.json()) as { keys: (Record<string, string> & { kid: string })[] };
    assert.equal(jwks.keys.length, 1);
    const [key] = jwks.keys;
    assert.ok(key);
    assert.deepEqual(
      { kty: key.kty, crv: key.crv, alg: key.alg, use: key.use, d: key.d },
      { kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', d: undefined },
    );
    const header = jwt.decode(account.accessToken, { complete: true })?.header;
    assert.equal(header?.kid, key.kid);
    const publicKey = createPublicKey({ key, format: 'jwk' });
    const claims = jwt.verify(account.accessToken, publicKey, { algorithms: ['ES256'] }) as jwt.JwtPayload;
    assert.equal(claims.sub, account.user.id);
  });

  test('an unknown email and a wrong password get the same INVALID_CREDENTIALS', async () => {
    const account = await signUpUser(users);
    const unknown = uniqueEmail('nobody');
    trackEmail(users, unknown);
    assert.deepEqual(await login(unknown, PASSWORD), invalidCredentials);
    assert.deepEqual(await login(account.profile.email, `${PASSWORD}!`), invalidCredentials);
  });

  test('after 5 failures for an email within 15 minutes even the right password is RATE_LIMITED', async () => {
    const account = await signUpUser(users);
    const { email } = account.profile;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      assert.deepEqual(await login(email, `wrong password ${attempt}`), invalidCredentials);
    }
    const limited = await login(email, PASSWORD);
    const retryAfter = limited.errors?.[0]?.extensions?.retryAfterSeconds as number;
    assert.ok(retryAfter > 14 * 60 && retryAfter <= 15 * 60, `retry after ${retryAfter}s`);
    assert.deepEqual(
      limited,
      failure('login', 'RATE_LIMITED', `Too many requests, retry in ${retryAfter}s`, {
        retryAfterSeconds: retryAfter,
      }),
    );
    // Failures of one email do not lock another.
    const other = await signUpUser(users);
    assert.equal((await login(other.profile.email, PASSWORD)).errors, undefined);
  });

  test('a successful login clears earlier failures', async () => {
    const account = await signUpUser(users);
    const { email } = account.profile;
    for (let attempt = 0; attempt < 4; attempt += 1) await login(email, 'wrong password!');
    assert.equal((await login(email, PASSWORD)).errors, undefined);
    for (let attempt = 0; attempt < 4; attempt += 1) await login(email, 'wrong password!');
    assert.equal((await login(email, PASSWORD)).errors, undefined);
  });
});

describe('refresh', () => {
  test('rotates: each refresh token works once and the new pair continues the session', async () => {
    const account = await signUpUser(users);
    const first = await refresh(account.refreshToken);
    const rotated = first.data?.refreshToken;
    assert.ok(rotated, JSON.stringify(first.errors));
    assert.deepEqual(first, {
      status: 200,
      data: { refreshToken: { ...rotated, user: { id: account.user.id } } },
    });
    assert.notEqual(rotated.refreshToken, account.refreshToken);
    assert.notEqual(rotated.accessToken, account.accessToken);
    const sid = (token: string) => (jwt.decode(token) as jwt.JwtPayload).sid;
    assert.equal(sid(rotated.accessToken), sid(account.accessToken));

    const second = await refresh(rotated.refreshToken);
    assert.equal(second.errors, undefined);
  });

  test('presenting a rotated token again revokes the whole family, the newest token included', async () => {
    const account = await signUpUser(users);
    const rotated = (await refresh(account.refreshToken)).data?.refreshToken;
    assert.ok(rotated);
    const sid = claimsOf(account.accessToken).sid;
    users.track(`revoked:session:${sid}`);
    assert.equal(await users.redis.exists(`revoked:session:${sid}`), 0);
    assert.deepEqual(await refresh(account.refreshToken), refreshRefused);
    assert.deepEqual(await refresh(rotated.refreshToken), refreshRefused);
    // The gateway refuses the session's access tokens at once, not when they expire.
    assert.equal(await users.redis.get(`revoked:session:${sid}`), '1');
    // Other sessions of the same user live on.
    const otherSession = (await login(account.profile.email, PASSWORD)).data?.login;
    assert.ok(otherSession);
    assert.equal((await refresh(otherSession.refreshToken)).errors, undefined);
  });

  test('parallel refreshes with one token: one wins, the rest count as reuse', async () => {
    const account = await signUpUser(users);
    users.track(`revoked:session:${claimsOf(account.accessToken).sid}`);
    const results = await Promise.all(Array.from({ length: 8 }, () => refresh(account.refreshToken)));
    const succeeded = results.filter((result) => result.errors === undefined);
    assert.equal(succeeded.length, 1);
    for (const result of results.filter((result) => result.errors !== undefined)) {
      assert.deepEqual(result, refreshRefused);
    }
    const winner = succeeded[0]?.data?.refreshToken;
    assert.ok(winner);
    assert.deepEqual(await refresh(winner.refreshToken), refreshRefused);
  });

  test('an unknown token is refused', async () => {
    assert.deepEqual(await refresh('not-a-token-anyone-was-given'), refreshRefused);
  });
});

describe('revocation', () => {
  test('logout ends the whole session: every access token of its sid is denied, and its refresh family', async () => {
    const account = await signUpUser(users);
    const rotated = (await refresh(account.refreshToken)).data?.refreshToken;
    assert.ok(rotated);
    const { viewer, token } = asGateway(rotated.accessToken);
    const sid = claimsOf(account.accessToken).sid;
    assert.equal(token.sessionId, sid);
    users.track(`revoked:session:${sid}`);

    assert.deepEqual(await users.call(viewer, LOGOUT, {}, { token }), {
      status: 200,
      data: { logout: true },
    });
    // One mark for the session covers the token issued at sign-up as well as the one logged out with.
    assert.equal(await users.redis.get(`revoked:session:${sid}`), '1');
    const ttl = await users.redis.pttl(`revoked:session:${sid}`);
    assert.ok(ttl > 15 * 60_000 && ttl <= 16 * 60_000, `ttl ${ttl}ms`);
    assert.deepEqual(await refresh(rotated.refreshToken), refreshRefused);
  });

  test('a new session brings back revoked:epoch when Redis lost it, no later than its token was issued', async () => {
    const account = await signUpUser(users);
    const before = Math.floor(Date.now() / 1000);
    await users.redis.del('revoked:epoch');
    const session = (await login(account.profile.email, PASSWORD)).data?.login;
    assert.ok(session);
    const epoch = Number(await users.redis.get('revoked:epoch'));
    assert.ok(epoch >= before && epoch <= claimsOf(session.accessToken).iat, `epoch ${epoch}`);
    assert.equal(await users.redis.pttl('revoked:epoch'), -1, 'the mark never expires');

    // Only a lost mark is written: later sessions leave it where it is.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    assert.ok((await refresh(session.refreshToken)).data);
    assert.equal(Number(await users.redis.get('revoked:epoch')), epoch);
  });

  test('logout needs a logged-in caller', async () => {
    assert.deepEqual(
      await users.call(null, LOGOUT),
      failure('logout', 'UNAUTHENTICATED', 'You must be logged in'),
    );
  });

  test('changePassword checks the current password, then ends every session of the user', async () => {
    const account = await signUpUser(users);
    const otherSession = (await login(account.profile.email, PASSWORD)).data?.login;
    assert.ok(otherSession);
    const { viewer, token } = asGateway(account.accessToken);
    const jti = (jwt.decode(account.accessToken) as jwt.JwtPayload).jti;
    users.track(`revoked:jti:${jti}`);
    const newPassword = 'a much longer passphrase';

    const wrong = await users.call(
      viewer,
      CHANGE_PASSWORD,
      { currentPassword: 'not my password', newPassword },
      { token },
    );
    assert.deepEqual(
      wrong,
      failure('changePassword', 'INVALID_CREDENTIALS', 'The current password is wrong'),
    );
    const weak = await users.call(
      viewer,
      CHANGE_PASSWORD,
      { currentPassword: PASSWORD, newPassword: 'qwertyuiop' },
      { token },
    );
    assert.deepEqual(
      weak,
      failure(
        'changePassword',
        'BAD_USER_INPUT',
        'newPassword: is too common, choose one that is harder to guess',
        {
          field: 'newPassword',
        },
      ),
    );

    const before = Math.floor(Date.now() / 1000);
    const changed = await users.call(
      viewer,
      CHANGE_PASSWORD,
      { currentPassword: PASSWORD, newPassword },
      { token },
    );
    assert.deepEqual(changed, { status: 200, data: { changePassword: true } });

    const revokedAt = Number(await users.redis.get(`revoked:user:${account.user.id}`));
    assert.ok(revokedAt >= before && revokedAt <= Math.floor(Date.now() / 1000));
    assert.ok((await users.redis.pttl(`revoked:user:${account.user.id}`)) > 15 * 60 * 1000);
    const issuedAt = (token: string) => (jwt.decode(token) as jwt.JwtPayload).iat ?? Number.POSITIVE_INFINITY;
    assert.ok(issuedAt(otherSession.accessToken) <= revokedAt);
    assert.equal(await users.redis.get(`revoked:jti:${jti}`), '1');

    assert.deepEqual(await refresh(account.refreshToken), refreshRefused);
    assert.deepEqual(await refresh(otherSession.refreshToken), refreshRefused);
    assert.deepEqual(await login(account.profile.email, PASSWORD), invalidCredentials);
    const fresh = await login(account.profile.email, newPassword);
    assert.equal(fresh.errors, undefined);
  });

  test('me answers for the caller and null for an anonymous one', async () => {
    const account = await signUpUser(users);
    const { viewer } = asGateway(account.accessToken);
    const me = await users.call(viewer, ME);
    assert.deepEqual(me, { status: 200, data: { me: account.user } });
    assert.deepEqual(await users.call(null, ME), { status: 200, data: { me: null } });
  });
});
