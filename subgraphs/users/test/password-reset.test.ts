import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mailsTo } from '@fcfs/shared/testing';
import jwt from 'jsonwebtoken';
import {
  type AuthPayload,
  LOGIN,
  REFRESH,
  REQUEST_PASSWORD_RESET,
  RESET_PASSWORD,
  signUpUser,
  trackClient,
  trackEmail,
  VERIFY_EMAIL,
} from './operations.ts';
import {
  codeFromMail,
  mailCount,
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

const NEW_PASSWORD = 'a fresh reset passphrase';

const failure = (path: string, code: string, message: string, extra: Record<string, unknown> = {}) => ({
  status: 200,
  data: null,
  errors: [{ message, path: [path], extensions: { code, ...extra } }],
});
/** The words of every refused code, the same as `verifyEmail`'s. */
const refusedCode = failure(
  'resetPassword',
  'BAD_USER_INPUT',
  'code: not a valid code for this email. Codes expire, a code is void after 5 wrong tries, and an email gets 10 wrong tries a day. Request a new one',
  { field: 'code' },
);
const refreshRefused = failure(
  'refreshToken',
  'UNAUTHENTICATED',
  'The refresh token is invalid, expired or revoked; log in again',
);

const otherThan = (code: string) => (code === '000000' ? '111111' : '000000');

/** Asks for a reset of `email` from a fresh client address; returns the count of mails to it before. */
async function requestReset(on: Users, email: string, client = uniqueClient()) {
  trackEmail(on, email);
  trackClient(on, client);
  const before = await mailCount(email);
  const result = await on.call(
    null,
    REQUEST_PASSWORD_RESET,
    { email },
    { headers: { 'x-forwarded-for': client } },
  );
  return { result, before };
}

/** A reset code for `email` as mailed; the one-a-minute limit per email is lifted first, as a minute passing would. */
async function resetCode(email: string): Promise<string> {
  await users.deps.limits.passwordResetPerEmail.reset(users.deps.pii.emailIndex(email));
  const { result, before } = await requestReset(users, email);
  assert.deepEqual(result, { status: 200, data: { requestPasswordReset: true } });
  return codeFromMail(email, before + 1);
}

const reset = (email: string, code: string, newPassword = NEW_PASSWORD) =>
  users.call<{ resetPassword: boolean }>(null, RESET_PASSWORD, { email, code, newPassword });
const login = (email: string, password: string) =>
  users.call<{ login: AuthPayload }>(null, LOGIN, { email, password });

describe('password reset', () => {
  test('the mailed code sets a new password once and ends every session of the account', async () => {
    const account = await signUpUser(users);
    const { email } = account.profile;
    const otherSession = (await login(email, PASSWORD)).data?.login;
    assert.ok(otherSession);
    const code = await resetCode(email);
    const [mail] = (await mailsTo(email)).slice(-1);
    assert.equal(mail?.subject, 'Your FCFS password reset');

    // A weak password is refused before the code is looked at: the code stays usable.
    assert.deepEqual(
      await reset(email, code, 'qwertyuiop'),
      failure(
        'resetPassword',
        'BAD_USER_INPUT',
        'newPassword: is too common, choose one that is harder to guess',
        {
          field: 'newPassword',
        },
      ),
    );
    assert.deepEqual(
      await reset(email, 'abc', NEW_PASSWORD),
      failure('resetPassword', 'BAD_USER_INPUT', 'code: must be the 6 digits from the mail', {
        field: 'code',
      }),
    );

    const before = Math.floor(Date.now() / 1000);
    assert.deepEqual(await reset(`  ${email.toUpperCase()} `, code), {
      status: 200,
      data: { resetPassword: true },
    });

    // Every session is over: refresh tokens are revoked, each session and every earlier token denied.
    assert.deepEqual(await users.call(null, REFRESH, { refreshToken: account.refreshToken }), refreshRefused);
    assert.deepEqual(
      await users.call(null, REFRESH, { refreshToken: otherSession.refreshToken }),
      refreshRefused,
    );
    const revokedAt = Number(await users.redis.get(`revoked:user:${account.user.id}`));
    assert.ok(revokedAt >= before && revokedAt <= Math.floor(Date.now() / 1000));
    for (const session of [account, otherSession]) {
      const { sid } = jwt.decode(session.accessToken) as { sid: string };
      users.track(`revoked:session:${sid}`);
      assert.equal(await users.redis.exists(`revoked:session:${sid}`), 1);
    }

    assert.deepEqual(
      await login(email, PASSWORD),
      failure('login', 'INVALID_CREDENTIALS', 'Email or password is wrong'),
    );
    const fresh = await login(email, NEW_PASSWORD);
    assert.equal(fresh.errors, undefined, JSON.stringify(fresh.errors));

    // The code worked once.
    assert.deepEqual(await reset(email, code, 'yet another passphrase'), refusedCode);
  });

  test('two resets with one code at once: exactly one succeeds, and its password is the one set', async () => {
    for (let round = 0; round < 5; round += 1) {
      const account = await signUpUser(users);
      const { email } = account.profile;
      const code = await resetCode(email);
      const passwords = ['first racing passphrase', 'second racing passphrase'];
      const results = await Promise.all(passwords.map((password) => reset(email, code, password)));
      const won = results.flatMap((result, n) => (result.data?.resetPassword === true ? [n] : []));
      assert.equal(won.length, 1, JSON.stringify(results));
      const winner = won[0] ?? 0;
      assert.deepEqual(results[1 - winner], refusedCode);
      const loser = passwords[1 - winner] ?? '';
      assert.equal((await login(email, passwords[winner] ?? '')).errors, undefined);
      assert.equal((await login(email, loser)).errors?.[0]?.extensions?.code, 'INVALID_CREDENTIALS');
    }
  });

  test('an unknown email gets the same answer and a mail without a code; any code for it is refused the same way', async () => {
    const email = uniqueEmail('no-account');
    const { result, before } = await requestReset(users, email);
    assert.deepEqual(result, { status: 200, data: { requestPasswordReset: true } });
    await codeFromMail(email, before + 1).then(
      () => assert.fail('a mail to an address without an account carries no code'),
      (error: Error) => assert.match(error.message, /no code in mail: Someone asked to reset the password/),
    );
    assert.deepEqual(await reset(email, '123456'), refusedCode);
  });

  test('wrong, voided and expired codes read like refused verification codes; reset and sign-up codes do not mix', async () => {
    const account = await signUpUser(users);
    const { email } = account.profile;
    const code = await resetCode(email);
    // A reset code does not verify an email for sign-up.
    const asVerification = await users.call(null, VERIFY_EMAIL, { email, code });
    assert.equal(asVerification.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    for (let attempt = 0; attempt < 4; attempt += 1)
      assert.deepEqual(await reset(email, otherThan(code)), refusedCode);
    // The fifth wrong try voids the code: the right one is refused now.
    assert.deepEqual(await reset(email, otherThan(code)), refusedCode);
    assert.deepEqual(await reset(email, code), refusedCode);

    const shortLived = await startTestUsers({ EMAIL_CODE_TTL: '1s' });
    try {
      // Signed up where codes live long: only the reset code is to expire, not the sign-up one on a slow mail.
      const other = await signUpUser(users);
      const { result, before } = await requestReset(shortLived, other.profile.email);
      assert.deepEqual(result, { status: 200, data: { requestPasswordReset: true } });
      const late = await codeFromMail(other.profile.email, before + 1);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      const expired = await shortLived.call(null, RESET_PASSWORD, {
        email: other.profile.email,
        code: late,
        newPassword: NEW_PASSWORD,
      });
      assert.deepEqual(expired, refusedCode);
    } finally {
      await shortLived.close();
    }
    assert.equal((await login(email, PASSWORD)).errors, undefined);
  });

  test('an email gets 10 wrong reset codes a day; then even the right one is refused', async () => {
    const account = await signUpUser(users);
    const { email } = account.profile;
    for (let round = 0; round < 2; round += 1) {
      const code = await resetCode(email);
      const guesses = Array.from({ length: 5 }, () => reset(email, otherThan(code)));
      for (const result of await Promise.all(guesses)) assert.deepEqual(result, refusedCode);
    }
    const code = await resetCode(email);
    assert.deepEqual(await reset(email, code), refusedCode);
    assert.equal((await login(email, PASSWORD)).errors, undefined);
  });

  test('one request a minute per email, a few per client address, counted apart from verification codes', async () => {
    const account = await signUpUser(users); // its sign-up used the verification limits a moment ago
    const { email } = account.profile;
    const first = await requestReset(users, email);
    assert.deepEqual(first.result, { status: 200, data: { requestPasswordReset: true } });
    const again = await requestReset(users, email);
    assert.equal(again.result.errors?.[0]?.extensions?.code, 'RATE_LIMITED');

    const client = uniqueClient();
    const limit = users.config.VERIFICATION_REQUESTS_PER_CLIENT_PER_MINUTE;
    for (let n = 0; n < limit; n += 1) {
      const { result } = await requestReset(users, uniqueEmail('per-client'), client);
      assert.deepEqual(result, { status: 200, data: { requestPasswordReset: true } });
    }
    const over = await requestReset(users, uniqueEmail('per-client'), client);
    assert.equal(over.result.errors?.[0]?.extensions?.code, 'RATE_LIMITED');
  });
});
