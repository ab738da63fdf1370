import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openWithDataKey } from '@fcfs/shared';
import { readableInDump } from '@fcfs/shared/testing';
import { users as usersTable } from '../src/db/schema/index.ts';
import { backfillUserKeys } from '../src/domain/pii/backfill-user-keys.ts';
import { updateProfile } from '../src/domain/update-profile.ts';
import { LOGIN, ME, newProfile, type Profile, signUpUser } from './operations.ts';
import { asGateway, PASSWORD, startTestUsers, type Users } from './users-harness.ts';

let users: Users;
/** Rows this file inserted directly, deleted at the end with their keys. */
const inserted: number[] = [];

before(async () => {
  users = await startTestUsers();
});
after(async () => {
  if (inserted.length > 0) {
    await users.pool.query('DELETE FROM user_keys WHERE user_id IN (?)', [inserted]);
    await users.pool.query('DELETE FROM users WHERE id IN (?)', [inserted]);
  }
  await users.close();
});

const DELETE = /* GraphQL */ 'mutation Delete($password: String!) { deleteAccount(password: $password) }';

type RawUser = Record<'email_ciphertext' | 'name_ciphertext' | 'address_ciphertext', string> & {
  phone_ciphertext: string | null;
};

async function rawUser(id: number | string): Promise<RawUser> {
  const [rows] = await users.pool.query(
    'SELECT email_ciphertext, name_ciphertext, address_ciphertext, phone_ciphertext FROM users WHERE id = ?',
    [id],
  );
  const [row] = rows as RawUser[];
  assert.ok(row, `user ${id} exists`);
  return row;
}

async function wrappedKeys(id: number | string): Promise<string[]> {
  const [rows] = await users.pool.query('SELECT wrapped_key FROM user_keys WHERE user_id = ?', [id]);
  return (rows as { wrapped_key: string }[]).map((row) => row.wrapped_key);
}

/** A row as users wrote it before per-user keys: every field directly under the PII key, no key row. */
async function insertOldFormatUser(profile: Profile): Promise<number> {
  const { pii, passwords } = users.deps;
  const now = new Date();
  const [row] = await users.deps.db
    .insert(usersTable)
    .values({
      emailIndex: pii.emailIndex(profile.email),
      emailCiphertext: pii.encrypt('email', profile.email),
      nameCiphertext: pii.encrypt('name', profile.name),
      addressCiphertext: pii.encrypt('address', profile.address),
      phoneCiphertext: profile.phone ? pii.encrypt('phone', profile.phone) : null,
      passwordHash: await passwords.hash(PASSWORD),
      createdAt: now,
      updatedAt: now,
    })
    .$returningId();
  assert.ok(row);
  inserted.push(row.id);
  return row.id;
}

const viewerOf = (id: number) => ({ id: String(id), role: 'CUSTOMER' as const });

test('a new user’s profile is sealed under its own data key, which the PII key alone does not open', async () => {
  const account = await signUpUser(users);
  const row = await rawUser(account.user.id);
  const [wrapped, ...more] = await wrappedKeys(account.user.id);
  assert.ok(wrapped, 'sign-up stores a wrapped key');
  assert.deepEqual(more, []);
  for (const [field, stored] of [
    ['email', row.email_ciphertext],
    ['name', row.name_ciphertext],
    ['address', row.address_ciphertext],
  ] as const) {
    assert.match(stored, /^~u:/, field);
    assert.throws(() => users.deps.pii.decrypt(field, stored), Error, `${field} opens with a PII key`);
  }
  const dataKey = users.deps.userKeys.unwrap(Number(account.user.id), wrapped);
  assert.equal(openWithDataKey(dataKey, 'email', row.email_ciphertext), account.profile.email);
  assert.throws(
    () => users.deps.userKeys.unwrap(Number(account.user.id) + 1, wrapped),
    Error,
    'a wrapped key is bound to its user',
  );
  const { viewer } = asGateway(account.accessToken);
  assert.deepEqual(await users.call(viewer, ME), { status: 200, data: { me: account.user } });
  assert.equal(
    (await users.call(null, LOGIN, { email: account.profile.email, password: PASSWORD })).errors,
    undefined,
    'login finds the user through the blind index, unchanged',
  );
});

test('an old-format row is read as it is, then moved by the backfill; a second run moves nothing', async () => {
  const profile = newProfile('old-format');
  const id = await insertOldFormatUser(profile);
  const before = await rawUser(id);
  assert.doesNotMatch(before.email_ciphertext, /^~u:/);
  const expected = { id: String(id), ...profile };
  const me = () =>
    users
      .call<{ me: Record<string, unknown> }>(viewerOf(id), 'query { me { id email name address phone } }')
      .then((result) => result.data?.me);
  assert.deepEqual(await me(), expected);

  const first = await backfillUserKeys(users.deps, { batchSize: 2 });
  assert.ok(first.moved >= 1, `moved ${first.moved}`);
  const moved = await rawUser(id);
  for (const stored of Object.values(moved)) assert.match(String(stored), /^~u:/);
  assert.equal((await wrappedKeys(id)).length, 1);
  assert.deepEqual(await me(), expected);
  assert.deepEqual(await readableInDump(users.deps.db, Object.values(profile)), []);

  const second = await backfillUserKeys(users.deps, { batchSize: 2 });
  assert.equal(second.moved, 0);
  assert.deepEqual(await rawUser(id), moved, 'the second run rewrites nothing');
});

test('deleteAccount deletes the user’s key row in its transaction: the sealed profile, copies too, is unreadable', async () => {
  const account = await signUpUser(users);
  const id = Number(account.user.id);
  const { viewer } = asGateway(account.accessToken);
  // Reading the profile puts the unwrapped key in the cache, which deleteAccount must drop.
  assert.equal((await users.call(viewer, ME)).errors, undefined);
  const backup = await rawUser(id);

  assert.deepEqual((await users.call(viewer, DELETE, { password: PASSWORD })).data, { deleteAccount: true });

  assert.deepEqual(await wrappedKeys(id), []);
  const { email, name, address, phone } = account.profile;
  assert.deepEqual(
    await readableInDump(users.deps.db, [email, name, address, ...(phone ? [phone] : [])]),
    [],
  );
  // The copy taken before the erasure opens with nothing users holds: no PII key, and no cached user key.
  assert.throws(() => users.deps.pii.decrypt('email', backup.email_ciphertext));
  await assert.rejects(users.deps.userKeys.forReading(users.deps.db, id), /no data key/);
  // The backfill leaves the erased row's placeholders alone: no key comes back.
  await backfillUserKeys(users.deps);
  assert.deepEqual(await wrappedKeys(id), []);
});

test('a backfill running while the same users update their profiles loses no update', async () => {
  const ROUNDS = 6;
  const profiles = Array.from({ length: 30 }, () => newProfile('backfill-race'));
  const ids = await Promise.all(profiles.map(insertOldFormatUser));
  // Staggered starts, so the backfills meet users before, during and after their first rename.
  const renames = ids.map((id) => async () => {
    await sleep(Math.random() * 60);
    for (let round = 1; round <= ROUNDS; round += 1) {
      await updateProfile(users.deps, viewerOf(id), { name: `Renamed ${id} ${round}` });
    }
  });
  const backfills = [1, 2, 3].map(() => backfillUserKeys(users.deps, { batchSize: 1 }));
  const [outcomes] = await Promise.all([
    Promise.all(backfills),
    Promise.all(renames.map((rename) => rename())),
  ]);
  for (const outcome of outcomes) assert.equal(outcome.failed, 0);

  for (const [index, id] of ids.entries()) {
    const profile = profiles[index];
    assert.ok(profile);
    const result = await users.call<{ me: Record<string, unknown> }>(
      viewerOf(id),
      'query { me { email name address phone } }',
    );
    assert.deepEqual(result.data?.me, { ...profile, name: `Renamed ${id} ${ROUNDS}` }, `user ${id}`);
    assert.equal((await wrappedKeys(id)).length, 1);
    for (const stored of Object.values(await rawUser(id))) assert.match(String(stored), /^~u:/);
  }
});
