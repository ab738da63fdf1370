import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { tokenKey } from '../src/domain/verification/verification-store.ts';
import { requestCode, trackEmail, VERIFY_EMAIL } from './operations.ts';
import { startTestUsers, type Users, uniqueEmail } from './users-harness.ts';

let users: Users;

before(async () => {
  users = await startTestUsers();
});
after(() => users.close());

/** The one answer to every code that does not verify, whatever the reason. */
const refused = {
  status: 200,
  data: null,
  errors: [
    {
      message:
        'code: not a valid code for this email. Codes expire, a code is void after 5 wrong tries, and an email gets 10 wrong tries a day. Request a new one',
      path: ['verifyEmail'],
      extensions: { code: 'BAD_USER_INPUT', field: 'code' },
    },
  ],
};

const verify = (on: Users, email: string, code: string) =>
  on.call<{ verifyEmail: { verificationToken: string } }>(null, VERIFY_EMAIL, { email, code });

const otherThan = (code: string) => (code === '000000' ? '111111' : '000000');

/** A new code for the email: the one-a-minute limit per email is lifted, as a minute passing would. */
async function freshCode(email: string): Promise<string> {
  await users.deps.limits.verificationPerEmail.reset(users.deps.pii.emailIndex(email));
  return requestCode(users, email);
}

describe('email codes', () => {
  test('every refusal reads the same: no code pending, a wrong code, a voided code, an expired code', async () => {
    const never = uniqueEmail('no-code');
    trackEmail(users, never);
    assert.deepEqual(await verify(users, never, '123456'), refused);

    const email = uniqueEmail('wrong-code');
    const code = await requestCode(users, email);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      assert.deepEqual(await verify(users, email, otherThan(code)), refused);
    }
    // The fifth wrong code voided it: the right one is refused now, with the same words.
    assert.deepEqual(await verify(users, email, code), refused);

    const shortLived = await startTestUsers({ EMAIL_CODE_TTL: '1s' });
    try {
      const expiring = uniqueEmail('expired-code');
      const late = await requestCode(shortLived, expiring);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      assert.deepEqual(await verify(shortLived, expiring, late), refused);
    } finally {
      await shortLived.close();
    }
  });

  test('an email gets 10 wrong codes a day over all its codes; then even the right code is refused', async () => {
    const email = uniqueEmail('daily-cap');
    for (const wrongTries of [5, 5]) {
      const code = await freshCode(email);
      for (let attempt = 0; attempt < wrongTries; attempt += 1) {
        assert.deepEqual(await verify(users, email, otherThan(code)), refused);
      }
    }
    const code = await freshCode(email);
    assert.deepEqual(await verify(users, email, code), refused);

    // Another address is not held back by this one's failures.
    const other = uniqueEmail('daily-cap-other');
    const otherCode = await requestCode(users, other);
    const verified = await verify(users, other, otherCode);
    const token = verified.data?.verifyEmail.verificationToken;
    assert.ok(token, JSON.stringify(verified));
    users.track(tokenKey(users.deps.pii, token));
  });

  test('guesses for an email with no code pending count toward its day too', async () => {
    const email = uniqueEmail('blind-guesses');
    trackEmail(users, email);
    for (let attempt = 0; attempt < 10; attempt += 1) {
      assert.deepEqual(await verify(users, email, String(100_000 + attempt)), refused);
    }
    const code = await freshCode(email);
    assert.deepEqual(await verify(users, email, code), refused);
  });

  test('parallel wrong guesses cannot exceed the day: 30 at once, then the right code is still refused', async () => {
    const email = uniqueEmail('parallel-guesses');
    const code = await freshCode(email);
    const guesses = Array.from({ length: 30 }, (_, n) => String(200_000 + n)).filter(
      (guess) => guess !== code,
    );
    const results = await Promise.all(guesses.map((guess) => verify(users, email, guess)));
    for (const result of results) assert.deepEqual(result, refused);
    const again = await freshCode(email);
    assert.deepEqual(await verify(users, email, again), refused);
  });
});
