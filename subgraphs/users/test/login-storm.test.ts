import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MAX_SIGNATURE_AGE_MS, rateLimitKey, signUserContext } from '@fcfs/shared';
import { type AuthPayload, LOGIN, ME, signUpUser } from './operations.ts';
import { asGateway, PASSWORD, startTestUsers, type Users, uniqueClient } from './users-harness.ts';

type LoginResult = Awaited<ReturnType<typeof loginFrom>>;

const loginFrom = (users: Users, email: string, client = uniqueClient()) => {
  users.track(rateLimitKey(users.deps.limits.loginPerClient.rule, client));
  return users.call<{ login: AuthPayload }>(
    null,
    LOGIN,
    { email, password: PASSWORD },
    { headers: { 'x-forwarded-for': client } },
  );
};

const refusal = (code: string, message: string, retryAfterSeconds: number) => ({
  status: 200,
  data: null,
  errors: [
    {
      message: `${message}, retry in ${retryAfterSeconds}s`,
      path: ['login'],
      extensions: { code, retryAfterSeconds },
    },
  ],
});

const retryHintOf = (result: LoginResult): number => {
  const hint = result.errors?.[0]?.extensions?.retryAfterSeconds;
  return typeof hint === 'number' ? hint : Number.NaN;
};

describe('a login storm beyond the hashing pool', () => {
  let users: Users;
  before(async () => {
    // One thread, two waiting: a slow hash keeps the pool full while the storm arrives.
    users = await startTestUsers({
      BCRYPT_COST: '12',
      PASSWORD_HASH_THREADS: '1',
      PASSWORD_HASH_QUEUE: '2',
      PASSWORD_HASH_MAX_WAIT: '1m',
    });
  });
  after(() => users.close());

  test('is refused at once with TEMPORARILY_UNAVAILABLE and a retry hint, never UNAUTHENTICATED, while me answers', async () => {
    const account = await signUpUser(users);
    const { viewer, token } = asGateway(account.accessToken);
    let stormSettled = false;
    const storm = Promise.all(Array.from({ length: 12 }, () => loginFrom(users, account.profile.email))).then(
      (results) => {
        stormSettled = true;
        return results;
      },
    );

    // Signed almost a freshness window ago: it passes only if judged on arrival, not after the storm's hashes.
    const aged = signUserContext(
      users.signingKey,
      viewer,
      { query: ME },
      {
        token,
        now: Date.now() - (MAX_SIGNATURE_AGE_MS - 500),
      },
    );
    const me = await fetch(users.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...aged },
      body: JSON.stringify({ query: ME }),
    });
    const meBody = (await me.json()) as { data?: { me: { id: string } | null }; errors?: unknown };
    assert.equal(stormSettled, false, 'me waited for the hashing');
    assert.deepEqual(
      { status: me.status, id: meBody.data?.me?.id, errors: meBody.errors },
      {
        status: 200,
        id: account.user.id,
        errors: undefined,
      },
    );

    const results = await storm;
    const accepted = results.filter((result) => result.data?.login?.accessToken);
    const refused = results.filter((result) => !result.data?.login);
    for (const result of refused) {
      assert.deepEqual(
        result,
        refusal('TEMPORARILY_UNAVAILABLE', 'Too many passwords are being checked', retryHintOf(result)),
      );
      assert.ok(retryHintOf(result) >= 1);
    }
    assert.equal(accepted.length + refused.length, results.length);
    assert.ok(accepted.length >= 1, 'the pool still serves what it can hold');
    assert.ok(refused.length >= 1, 'the storm beyond the queue is refused');
  });
});

describe('login limits', () => {
  let users: Users;
  before(async () => {
    users = await startTestUsers({
      LOGIN_ATTEMPTS_PER_CLIENT_PER_MINUTE: '3',
      LOGIN_ATTEMPTS_PER_SECOND: '1000',
    });
  });
  after(() => users.close());

  test('one address gets RATE_LIMITED past its logins per minute; another address still logs in', async () => {
    const account = await signUpUser(users);
    const client = uniqueClient();
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const result = await loginFrom(users, account.profile.email, client);
      assert.ok(result.data?.login?.accessToken, JSON.stringify(result.errors));
    }
    const limited = await loginFrom(users, account.profile.email, client);
    const hint = retryHintOf(limited);
    assert.deepEqual(limited, refusal('RATE_LIMITED', 'Too many requests', hint));
    assert.ok(hint >= 1 && hint <= 60, `retry hint ${hint}`);
    const other = await loginFrom(users, account.profile.email);
    assert.ok(other.data?.login?.accessToken, JSON.stringify(other.errors));
  });

  test('past the measured hashing capacity, logins of all clients get TEMPORARILY_UNAVAILABLE', async () => {
    // One slow thread, half of it for logins: the sign-up's hash measures it, then a burst overflows it.
    const busy = await startTestUsers({
      BCRYPT_COST: '12',
      PASSWORD_HASH_THREADS: '1',
      PASSWORD_HASH_MAX_WAIT: '1s',
      LOGIN_HASH_SHARE: '0.5',
    });
    try {
      const account = await signUpUser(busy);
      const results = await Promise.all(
        Array.from({ length: 8 }, () => loginFrom(busy, account.profile.email)),
      );
      const accepted = results.filter((result) => result.data?.login?.accessToken);
      const refused = results.filter((result) => !result.data?.login);
      assert.equal(accepted.length + refused.length, results.length);
      assert.ok(accepted.length >= 1, 'logins within the budget go through');
      const byBudget = refused.filter((result) => result.errors?.[0]?.message.startsWith('Too many logins'));
      assert.ok(byBudget.length >= 1, 'the burst beyond the budget is refused before hashing');
      for (const result of byBudget) {
        assert.deepEqual(
          result,
          refusal('TEMPORARILY_UNAVAILABLE', 'Too many logins right now', retryHintOf(result)),
        );
        assert.ok(retryHintOf(result) >= 1);
      }
      for (const result of refused)
        assert.equal(result.errors?.[0]?.extensions?.code, 'TEMPORARILY_UNAVAILABLE');
    } finally {
      await busy.close();
    }
  });
});
