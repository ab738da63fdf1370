import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { readableInDump } from '@fcfs/shared/testing';
import { codeKey } from '../src/domain/verification/verification-store.ts';
import { LOGIN, REFRESH, REQUEST_PASSWORD_RESET, signUpUser } from './operations.ts';
import { asGateway, PASSWORD, startTestUsers, type Users, uniqueClient } from './users-harness.ts';

let users: Users;

before(async () => {
  users = await startTestUsers();
});
after(() => users.close());

const DELETE = /* GraphQL */ 'mutation Delete($password: String!) { deleteAccount(password: $password) }';
const EXPORT = /* GraphQL */ 'query Export { exportMyData }';
const codes = (result: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  result.errors?.map((error) => error.extensions?.code);

test('exportMyData is the caller’s profile in the clear, sessions and known orders, as JSON', async () => {
  const account = await signUpUser(users);
  const { viewer } = asGateway(account.accessToken);
  const result = await users.call<{ exportMyData: string }>(viewer, EXPORT);
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  const document = JSON.parse(result.data?.exportMyData ?? '{}');
  assert.deepEqual(
    {
      id: document.profile.id,
      email: document.profile.email,
      name: document.profile.name,
      address: document.profile.address,
      phone: document.profile.phone,
    },
    { id: account.user.id, ...account.profile },
  );
  assert.equal(document.sessions.length, 1);
  assert.deepEqual(document.orders, []);
  assert.deepEqual(codes(await users.call(null, EXPORT)), ['UNAUTHENTICATED']);
});

test('deleteAccount needs the password, then leaves nothing of the buyer readable in a dump of users', async () => {
  const account = await signUpUser(users);
  const { viewer } = asGateway(account.accessToken);
  const { email, name, address, phone } = account.profile;
  const emailIndex = users.deps.pii.emailIndex(email);
  const client = uniqueClient();
  users.track(codeKey(emailIndex, 'password-reset'), `revoked:user:${account.user.id}`);

  assert.deepEqual(codes(await users.call(viewer, DELETE, { password: '' })), ['BAD_USER_INPUT']);
  assert.deepEqual(codes(await users.call(viewer, DELETE, { password: 'not the password' })), [
    'INVALID_CREDENTIALS',
  ]);
  assert.equal((await users.call(null, LOGIN, { email, password: PASSWORD })).errors, undefined);

  // A pending reset code is part of what must go.
  await users.call(null, REQUEST_PASSWORD_RESET, { email }, { headers: { 'x-forwarded-for': client } });
  assert.equal(await users.redis.exists(codeKey(emailIndex, 'password-reset')), 1);
  const needles = [email, name, address, ...(phone ? [phone] : [])];
  assert.ok((await readableInDump(users.deps.db, needles)).length === 0, 'encrypted at rest even before');

  assert.deepEqual((await users.call(viewer, DELETE, { password: PASSWORD })).data, { deleteAccount: true });

  assert.equal(await users.redis.exists(codeKey(emailIndex, 'password-reset')), 0);
  assert.deepEqual(codes(await users.call(null, LOGIN, { email, password: PASSWORD })), [
    'INVALID_CREDENTIALS',
  ]);
  assert.deepEqual(codes(await users.call(null, REFRESH, { refreshToken: account.refreshToken })), [
    'UNAUTHENTICATED',
  ]);
  // Decrypted with every key users holds, the row says nothing about the buyer.
  const exported = await users.call<{ exportMyData: string }>(viewer, EXPORT);
  const profile = JSON.parse(exported.data?.exportMyData ?? '{}').profile;
  assert.deepEqual(
    { email: profile.email, name: profile.name, address: profile.address, phone: profile.phone },
    { email: `deleted-user-${account.user.id}@invalid`, name: 'Deleted user', address: '-', phone: null },
  );
  const [outbox] = await users.pool.query(
    "SELECT type FROM outbox WHERE JSON_UNQUOTE(JSON_EXTRACT(envelope, '$.key')) = ? ORDER BY id",
    [account.user.id],
  );
  assert.deepEqual(outbox, [{ type: 'user.deleted' }], 'the sealed address announcements are gone');
  assert.deepEqual(await readableInDump(users.deps.db, needles), []);
  // The email matches no account any more, so it can sign up again.
  const [rows] = await users.pool.query('SELECT id FROM users WHERE email_index = ?', [emailIndex]);
  assert.deepEqual(rows, []);
});
