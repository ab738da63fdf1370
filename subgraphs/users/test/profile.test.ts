import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import jwt from 'jsonwebtoken';
import { keyIdOf } from '../src/domain/pii/cipher.ts';
import { seedAdmin } from '../src/seed.ts';
import { LOGIN, ME, newProfile, REFRESH, signUpUser, trackEmail, UPDATE_PROFILE } from './operations.ts';
import { asGateway, PASSWORD, runId, startTestUsers, type Users, uniqueEmail } from './users-harness.ts';

let users: Users;

before(async () => {
  users = await startTestUsers();
});
after(() => users.close());

const ENTITIES = /* GraphQL */ `
  query Users($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on User { id name email address phone role } }
  }
`;
const references = (...ids: string[]) => ({ representations: ids.map((id) => ({ __typename: 'User', id })) });

async function rawUser(id: string): Promise<Record<string, unknown>> {
  const [rows] = await users.pool.query('SELECT * FROM users WHERE id = ?', [id]);
  const [row] = rows as Record<string, unknown>[];
  assert.ok(row);
  return row;
}

async function wrappedKeyOf(id: string): Promise<string> {
  const [rows] = await users.pool.query('SELECT wrapped_key FROM user_keys WHERE user_id = ?', [id]);
  const [row] = rows as { wrapped_key: string }[];
  assert.ok(row, `user ${id} has a data key`);
  return row.wrapped_key;
}

describe('profile', () => {
  test('updateProfile validates, stores the new values encrypted and leaves omitted fields alone', async () => {
    const account = await signUpUser(users);
    const { viewer } = asGateway(account.accessToken);
    const before = await rawUser(account.user.id);

    const updated = await users.call(viewer, UPDATE_PROFILE, {
      input: { address: '1 Sejong-daero, Jongno-gu', phone: null },
    });
    assert.deepEqual(updated, {
      status: 200,
      data: { updateProfile: { ...account.user, address: '1 Sejong-daero, Jongno-gu', phone: null } },
    });
    const after = await rawUser(account.user.id);
    assert.notEqual(after.address_ciphertext, before.address_ciphertext);
    assert.notEqual(after.name_ciphertext, before.name_ciphertext, 'every field is written again');
    assert.equal(after.phone_ciphertext, null);
    assert.deepEqual(await users.call(viewer, ME), {
      status: 200,
      data: { me: (updated.data as { updateProfile: unknown }).updateProfile },
    });

    const invalid = (input: Record<string, unknown>, message: string, field: string) =>
      users.call(viewer, UPDATE_PROFILE, { input }).then((result) =>
        assert.deepEqual(result, {
          status: 200,
          data: null,
          errors: [{ message, path: ['updateProfile'], extensions: { code: 'BAD_USER_INPUT', field } }],
        }),
      );
    await invalid({ name: null }, 'input.name: is required', 'input.name');
    await invalid({ name: ' ' }, 'input.name: is required', 'input.name');
    await invalid(
      { address: 'x'.repeat(501) },
      'input.address: must be at most 500 characters',
      'input.address',
    );
    await invalid(
      { phone: '12' },
      'input.phone: must be 7 to 26 digits, spaces, dashes or brackets, with an optional leading +',
      'input.phone',
    );
    assert.deepEqual(await users.call(null, UPDATE_PROFILE, { input: { name: 'Anon' } }), {
      status: 200,
      data: null,
      errors: [
        {
          message: 'You must be logged in',
          path: ['updateProfile'],
          extensions: { code: 'UNAUTHENTICATED' },
        },
      ],
    });
  });

  test('contact data of a user is visible to that user and to admins; other callers get null', async () => {
    const [owner, stranger] = [await signUpUser(users), await signUpUser(users)];
    const id = owner.user.id;
    const { createdAt: _createdAt, ...visible } = owner.user;

    const asOwner = await users.call(asGateway(owner.accessToken).viewer, ENTITIES, references(id));
    assert.deepEqual(asOwner, { status: 200, data: { _entities: [visible] } });
    const asAdmin = await users.call({ id: '999999999', role: 'ADMIN' }, ENTITIES, references(id));
    assert.deepEqual(asAdmin, { status: 200, data: { _entities: [visible] } });
    const asStranger = await users.call(asGateway(stranger.accessToken).viewer, ENTITIES, references(id));
    assert.deepEqual(asStranger, {
      status: 200,
      data: { _entities: [{ ...visible, email: null, address: null, phone: null }] },
    });
  });

  test('N user references resolve with one SQL query', async () => {
    const accounts = [await signUpUser(users), await signUpUser(users), await signUpUser(users)];
    const ids = accounts.map((account) => account.user.id);
    users.queries.length = 0;
    const result = await users.call<{ _entities: ({ id: string; name: string } | null)[] }>(
      { id: '999999999', role: 'ADMIN' },
      ENTITIES,
      references(ids[2] ?? '', ids[0] ?? '', '999999998', ids[1] ?? '', ids[0] ?? '', 'not-an-id'),
    );
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    assert.deepEqual(
      result.data?._entities.map((user) => user?.name ?? null),
      [accounts[2], accounts[0], null, accounts[1], accounts[0], null].map(
        (account) => account?.profile.name ?? null,
      ),
    );
    const userQueries = users.queries.filter((sql) => /from `users`/i.test(sql));
    assert.equal(userQueries.length, 1, userQueries.join('\n'));
    assert.match(userQueries[0] ?? '', /where `users`.`id` in \(\?, \?, \?, \?\)/i);
  });
});

describe('data at rest', () => {
  test('a raw dump of the users and refresh_tokens tables holds none of the personal data or tokens', async () => {
    const account = await signUpUser(users);
    const { email, name, address, phone } = account.profile;
    const [userRows] = await users.pool.query('SELECT * FROM users');
    const [tokenRows] = await users.pool.query('SELECT * FROM refresh_tokens');
    const dump = JSON.stringify([userRows, tokenRows]).toLowerCase();
    assert.ok(dump.includes(account.user.id), 'the dump does hold the new row');
    for (const secret of [email, email.split('@')[0], name, address, phone, PASSWORD, account.refreshToken]) {
      assert.ok(secret);
      assert.ok(!dump.includes(secret.toLowerCase()), `dump contains ${secret}`);
    }
    const row = await rawUser(account.user.id);
    // Sealed under the user's own data key, whose wrapped form names the PII key that wrapped it.
    assert.match(String(row.email_ciphertext), /^~u:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    assert.match(
      await wrappedKeyOf(account.user.id),
      /^[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/,
    );
    assert.match(String(row.password_hash), /^\$2[aby]\$04\$/);
    // Redis keys name the email by its blind index only.
    assert.deepEqual(await users.redis.keys(`*${email.split('@')[0]}*`), []);
  });

  test('user keys wrapped with an old key still unwrap after a new key is added first, and edits move them to it', async () => {
    const newKeyId = `rot${runId}`;
    const rotatedKeys = `${newKeyId}:${randomBytes(32).toString('base64')},${process.env.PII_KEYS}`;
    const account = await signUpUser(users);
    const oldKeyId = keyIdOf(await wrappedKeyOf(account.user.id));
    const sealedBefore = await rawUser(account.user.id);
    assert.notEqual(oldKeyId, newKeyId);

    const rotated = await startTestUsers({ PII_KEYS: rotatedKeys });
    try {
      const { viewer } = asGateway(account.accessToken);
      assert.deepEqual(await rotated.call(viewer, ME), { status: 200, data: { me: account.user } });
      const login = await rotated.call(null, LOGIN, { email: account.profile.email, password: PASSWORD });
      assert.equal(login.errors, undefined, 'the blind index does not change with the encryption keys');

      const renamed = await rotated.call(viewer, UPDATE_PROFILE, { input: { name: 'Park Rotated' } });
      assert.equal(renamed.errors, undefined);
      const row = await rawUser(account.user.id);
      assert.equal(keyIdOf(await wrappedKeyOf(account.user.id)), newKeyId);
      for (const column of [
        'email_ciphertext',
        'name_ciphertext',
        'address_ciphertext',
        'phone_ciphertext',
      ]) {
        assert.match(String(row[column]), /^~u:/, column);
        assert.notEqual(row[column], sealedBefore[column], column);
      }
      assert.deepEqual(await rotated.call(viewer, ME), {
        status: 200,
        data: { me: { ...account.user, name: 'Park Rotated' } },
      });
    } finally {
      await rotated.close();
      // The new key exists only in this test: leave no row behind that other services could not read.
      await users.pool.query('DELETE FROM users WHERE id = ?', [account.user.id]);
      await users.pool.query('DELETE FROM user_keys WHERE user_id = ?', [account.user.id]);
    }
  });
});

describe('seed', () => {
  test('seedAdmin creates an admin once and is idempotent', async () => {
    const email = uniqueEmail('admin');
    trackEmail(users, email);
    const password = `admin password ${runId}`;
    const first = await seedAdmin(users.deps, `  ${email.toUpperCase()}`, password);
    const second = await seedAdmin(users.deps, email, password);
    assert.deepEqual(second, { id: first.id, created: false });
    assert.equal(first.created, true);
    const login = await users.call<{ login: { user: { id: string; role: string } } }>(null, LOGIN, {
      email,
      password,
    });
    assert.deepEqual(login.data?.login.user, { id: first.id, role: 'ADMIN' });
    const [rows] = await users.pool.query('SELECT COUNT(*) AS n FROM users WHERE email_index = ?', [
      users.deps.pii.emailIndex(email),
    ]);
    assert.deepEqual(rows, [{ n: 1 }]);
    await assert.rejects(
      seedAdmin(users.deps, uniqueEmail('admin'), 'short'),
      /ADMIN_PASSWORD: must be at least 10/,
    );
  });

  test('an existing account is promoted to admin with the given password', async () => {
    const account = await signUpUser(users, newProfile('promoted'));
    const password = `promoted admin ${runId}`;
    assert.deepEqual(await seedAdmin(users.deps, account.profile.email, password), {
      id: account.user.id,
      created: false,
    });
    const login = await users.call<{ login: { user: { role: string } } }>(null, LOGIN, {
      email: account.profile.email,
      password,
    });
    assert.equal(login.data?.login.user.role, 'ADMIN');
  });

  test('promoting an existing account ends its sessions: no refresh into an admin, its tokens refused', async () => {
    const account = await signUpUser(users, newProfile('promoted-sessions'));
    const other = await users.call<{ login: { refreshToken: string; accessToken: string } }>(null, LOGIN, {
      email: account.profile.email,
      password: PASSWORD,
    });
    assert.ok(other.data);
    const sids = [account.accessToken, other.data.login.accessToken].map(
      (token) => (jwt.decode(token) as { sid: string }).sid,
    );
    users.track(...sids.map((sid) => `revoked:session:${sid}`));
    const before = Math.floor(Date.now() / 1000);

    await seedAdmin(users.deps, account.profile.email, `promoted admin ${runId}`);

    for (const refreshToken of [account.refreshToken, other.data.login.refreshToken]) {
      const refreshed = await users.call(null, REFRESH, { refreshToken });
      assert.equal(refreshed.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED', JSON.stringify(refreshed));
    }
    for (const sid of sids) assert.equal(await users.redis.get(`revoked:session:${sid}`), '1');
    const revokedSince = Number(await users.redis.get(`revoked:user:${account.user.id}`));
    assert.ok(revokedSince >= before && revokedSince <= Math.floor(Date.now() / 1000));
  });

  test('running the seed again with nothing to change leaves the sessions of the admin alone', async () => {
    const email = uniqueEmail('steady-admin');
    trackEmail(users, email);
    const password = `steady admin ${runId}`;
    await seedAdmin(users.deps, email, password);
    const session = await users.call<{ login: { refreshToken: string } }>(null, LOGIN, { email, password });
    assert.ok(session.data);
    await seedAdmin(users.deps, email, password);
    const refreshed = await users.call(null, REFRESH, { refreshToken: session.data.login.refreshToken });
    assert.equal(refreshed.errors, undefined);
  });
});
