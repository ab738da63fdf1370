import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import jwt from 'jsonwebtoken';
import { tokenKey } from '../src/domain/verification/verification-store.ts';
import {
  type AuthPayload,
  newProfile,
  REQUEST_VERIFICATION,
  requestCode,
  SIGN_UP,
  signUpUser,
  trackClient,
  trackEmail,
  VERIFY_EMAIL,
  verificationToken,
} from './operations.ts';
import {
  codeFromMail,
  PASSWORD,
  startTestUsers,
  type Users,
  uniqueClient,
  uniqueEmail,
} from './users-harness.ts';

let users: Users;

before(async () => {
  users = await startTestUsers();
});
after(() => users.close());

const badInput = (message: string, field: string) => ({
  status: 200,
  data: null,
  errors: [{ message, path: ['signUp'], extensions: { code: 'BAD_USER_INPUT', field } }],
});

describe('sign-up', () => {
  test('a code mailed to the address, a verification token, then an account that is logged in', async () => {
    const profile = newProfile('full');
    const client = uniqueClient();
    trackEmail(users, profile.email);
    trackClient(users, client);

    const requested = await users.call(
      null,
      REQUEST_VERIFICATION,
      { email: profile.email },
      { headers: { 'x-forwarded-for': client } },
    );
    assert.deepEqual(requested, { status: 200, data: { requestEmailVerification: true } });
    const code = await codeFromMail(profile.email);
    assert.match(code, /^\d{6}$/);

    const verified = await users.call<{ verifyEmail: { verificationToken: string; expiresAt: string } }>(
      null,
      VERIFY_EMAIL,
      { email: profile.email, code },
    );
    assert.equal(verified.errors, undefined);
    const verification = verified.data?.verifyEmail;
    assert.ok(verification);
    users.track(tokenKey(users.deps.pii, verification.verificationToken));
    const minutesLeft = (Date.parse(verification.expiresAt) - Date.now()) / 60_000;
    assert.ok(minutesLeft > 29 && minutesLeft <= 30, `token valid ${minutesLeft} min`);

    const signedUp = await users.call<{ signUp: AuthPayload }>(null, SIGN_UP, {
      input: { ...profile, password: PASSWORD, verificationToken: verification.verificationToken },
    });
    const payload = signedUp.data?.signUp;
    assert.ok(payload, JSON.stringify(signedUp.errors));
    users.track(`revoked:user:${payload.user.id}`);
    assert.deepEqual(signedUp, {
      status: 200,
      data: {
        signUp: {
          accessToken: payload.accessToken,
          refreshToken: payload.refreshToken,
          expiresAt: payload.expiresAt,
          user: {
            id: payload.user.id,
            email: profile.email,
            name: profile.name,
            address: profile.address,
            phone: profile.phone,
            role: 'CUSTOMER',
            createdAt: payload.user.createdAt,
          },
        },
      },
    });
    assert.match(payload.user.id, /^\d+$/);
    assert.match(payload.refreshToken, /^[A-Za-z0-9_-]{43}$/);
    const claims = jwt.decode(payload.accessToken) as { sub: string; exp: number };
    assert.equal(claims.sub, payload.user.id);
    assert.equal(new Date(claims.exp * 1000).toISOString(), payload.expiresAt);
  });

  test('the same email in another case and with spaces is EMAIL_TAKEN', async () => {
    const first = await signUpUser(users);
    const variant = `  ${first.profile.email.toUpperCase()} `;
    // Stands in for the minute that must pass before the same address may ask for another code.
    await users.deps.limits.verificationPerEmail.reset(users.deps.pii.emailIndex(variant));
    const token = await verificationToken(users, variant);
    const again = await users.call(null, SIGN_UP, {
      input: { ...newProfile('dup'), email: variant, password: PASSWORD, verificationToken: token },
    });
    assert.deepEqual(again, {
      status: 200,
      data: null,
      errors: [
        {
          message: 'An account with this email already exists',
          path: ['signUp'],
          extensions: { code: 'EMAIL_TAKEN', field: 'email' },
        },
      ],
    });
  });

  test('a required field left out is refused before any resolver runs, naming the field', async () => {
    const { name: _name, ...withoutName } = newProfile('missing');
    const result = await users.call(null, SIGN_UP, {
      input: { ...withoutName, password: PASSWORD, verificationToken: 'x' },
    });
    assert.equal(result.status, 400);
    assert.equal(result.data, undefined);
    assert.equal(result.errors?.length, 1);
    assert.equal(result.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    assert.match(
      result.errors?.[0]?.message ?? '',
      /Field "name" of required type "String!" was not provided/,
    );
  });

  test('blank and invalid fields are BAD_USER_INPUT with the field in extensions.field', async () => {
    const profile = newProfile('invalid');
    const token = await verificationToken(users, profile.email);
    const attempt = (overrides: Record<string, unknown>) =>
      users.call(null, SIGN_UP, {
        input: { ...profile, password: PASSWORD, verificationToken: token, ...overrides },
      });

    assert.deepEqual(await attempt({ name: '   ' }), badInput('input.name: is required', 'input.name'));
    assert.deepEqual(await attempt({ address: '' }), badInput('input.address: is required', 'input.address'));
    assert.deepEqual(
      await attempt({ email: 'not-an-email' }),
      badInput('input.email: is not a valid email address', 'input.email'),
    );
    assert.deepEqual(
      await attempt({ phone: 'call me' }),
      badInput(
        'input.phone: must be 7 to 26 digits, spaces, dashes or brackets, with an optional leading +',
        'input.phone',
      ),
    );
    assert.deepEqual(
      await attempt({ name: 'x'.repeat(101) }),
      badInput('input.name: must be at most 100 characters', 'input.name'),
    );
    assert.deepEqual(
      await attempt({ password: 'short1' }),
      badInput('input.password: must be at least 10 characters long', 'input.password'),
    );
    assert.deepEqual(
      await attempt({ password: 'Password123' }),
      badInput('input.password: is too common, choose one that is harder to guess', 'input.password'),
    );
    assert.deepEqual(
      await attempt({ password: 'é'.repeat(37) }),
      badInput('input.password: must be at most 72 bytes long', 'input.password'),
    );
    // None of the refusals spent the token: the corrected form goes through, without a phone.
    const fixed = await attempt({ phone: '' });
    assert.equal(fixed.errors, undefined, JSON.stringify(fixed.errors));
    const user = (fixed.data as { signUp: AuthPayload }).signUp.user;
    users.track(`revoked:user:${user.id}`);
    assert.equal(user.phone, null);
  });

  test('a used verification token, or one for another email, is EMAIL_NOT_VERIFIED', async () => {
    const profile = newProfile('reuse');
    const token = await verificationToken(users, profile.email);
    const first = await users.call<{ signUp: AuthPayload }>(null, SIGN_UP, {
      input: { ...profile, password: PASSWORD, verificationToken: token },
    });
    assert.equal(first.errors, undefined);
    users.track(`revoked:user:${first.data?.signUp.user.id}`);

    const notVerified = {
      status: 200,
      data: null,
      errors: [
        {
          message:
            'Verify the email first: the verification token is missing, expired, already used or for another email',
          path: ['signUp'],
          extensions: { code: 'EMAIL_NOT_VERIFIED' },
        },
      ],
    };
    const reused = await users.call(null, SIGN_UP, {
      input: { ...newProfile('reuse-2'), email: profile.email, password: PASSWORD, verificationToken: token },
    });
    assert.deepEqual(reused, notVerified);

    const other = newProfile('other');
    const otherToken = await verificationToken(users, other.email);
    const crossed = await users.call(null, SIGN_UP, {
      input: { ...newProfile('crossed'), password: PASSWORD, verificationToken: otherToken },
    });
    assert.deepEqual(crossed, notVerified);
  });

  test('an expired verification token is EMAIL_NOT_VERIFIED', async () => {
    const shortLived = await startTestUsers({ EMAIL_VERIFICATION_TOKEN_TTL: '1s' });
    try {
      const profile = newProfile('expired');
      const token = await verificationToken(shortLived, profile.email);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      const result = await shortLived.call(null, SIGN_UP, {
        input: { ...profile, password: PASSWORD, verificationToken: token },
      });
      assert.equal(result.errors?.[0]?.extensions?.code, 'EMAIL_NOT_VERIFIED');
      assert.equal(result.data, null);
    } finally {
      await shortLived.close();
    }
  });

  test('one code request a minute per email, RATE_LIMITED with the seconds to wait', async () => {
    const email = uniqueEmail('limit-email');
    await requestCode(users, email);
    const client = uniqueClient();
    trackClient(users, client);
    const again = await users.call(
      null,
      REQUEST_VERIFICATION,
      { email },
      { headers: { 'x-forwarded-for': client } },
    );
    const retryAfter = again.errors?.[0]?.extensions?.retryAfterSeconds;
    assert.equal(typeof retryAfter, 'number');
    assert.ok((retryAfter as number) > 0 && (retryAfter as number) <= 60);
    assert.deepEqual(again, {
      status: 200,
      data: null,
      errors: [
        {
          message: `Too many requests, retry in ${retryAfter}s`,
          path: ['requestEmailVerification'],
          extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter },
        },
      ],
    });
  });

  test('a client address gets a limited number of code requests a minute, whatever the emails', async () => {
    const limited = await startTestUsers({ VERIFICATION_REQUESTS_PER_CLIENT_PER_MINUTE: '2' });
    try {
      const client = uniqueClient();
      trackClient(limited, client);
      const results = [];
      for (let n = 0; n < 3; n += 1) {
        const email = uniqueEmail('limit-client');
        trackEmail(limited, email);
        results.push(
          await limited.call(
            null,
            REQUEST_VERIFICATION,
            { email },
            { headers: { 'x-forwarded-for': client } },
          ),
        );
      }
      assert.deepEqual(
        results.map(
          (result) => result.errors?.[0]?.extensions?.code ?? result.data?.requestEmailVerification,
        ),
        [true, true, 'RATE_LIMITED'],
      );
      // Another address is not held back by that one.
      const otherClient = uniqueClient();
      trackClient(limited, otherClient);
      const email = uniqueEmail('limit-client');
      trackEmail(limited, email);
      const other = await limited.call(
        null,
        REQUEST_VERIFICATION,
        { email },
        { headers: { 'x-forwarded-for': otherClient } },
      );
      assert.deepEqual(other, { status: 200, data: { requestEmailVerification: true } });
    } finally {
      await limited.close();
    }
  });
});
