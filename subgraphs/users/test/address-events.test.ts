import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type EventEnvelope, openAddressEvent } from '@fcfs/shared';
import { signUpUser, UPDATE_PROFILE } from './operations.ts';
import { asGateway, startTestUsers, type Users } from './users-harness.ts';

let users: Users;

before(async () => {
  users = await startTestUsers();
});
after(() => users.close());

/** The user's `user.address-changed` events in the users outbox, oldest first. */
async function addressEvents(
  userId: string,
): Promise<{ raw: string; event: EventEnvelope<'user.address-changed'> }[]> {
  const [rows] = await users.pool.query(
    "SELECT CAST(envelope AS CHAR) AS raw FROM outbox WHERE type = 'user.address-changed' AND JSON_UNQUOTE(JSON_EXTRACT(envelope, '$.key')) = ? ORDER BY id",
    [userId],
  );
  return (rows as { raw: string }[]).map(({ raw }) => ({ raw, event: JSON.parse(raw) }));
}

test('signUp and an address change announce the address to orders, sealed, in the same transaction', async () => {
  const account = await signUpUser(users);
  const { viewer } = asGateway(account.accessToken);
  const afterSignUp = await addressEvents(account.user.id);
  assert.equal(afterSignUp.length, 1);
  const [first] = afterSignUp;
  assert.ok(first);
  assert.equal(first.raw.includes(account.profile.address), false, 'the outbox row holds no plain address');
  assert.equal(first.event.data.userId, account.user.id);
  assert.equal(
    openAddressEvent(users.deps.addressEventKey, account.user.id, first.event.data.sealedAddress),
    account.profile.address,
  );
  // Sealed for this user: the same ciphertext does not open as another user's.
  assert.throws(() =>
    openAddressEvent(users.deps.addressEventKey, '999999999', first.event.data.sealedAddress),
  );

  const renamed = await users.call(viewer, UPDATE_PROFILE, { input: { name: 'Kim Renamed' } });
  assert.equal(renamed.errors, undefined);
  assert.equal((await addressEvents(account.user.id)).length, 1, 'a name change says nothing to orders');

  const moved = await users.call(viewer, UPDATE_PROFILE, {
    input: { address: '7 Eulji-ro, Jung-gu, Seoul' },
  });
  assert.equal(moved.errors, undefined);
  const events = await addressEvents(account.user.id);
  assert.equal(events.length, 2);
  const latest = events[1]?.event;
  assert.ok(latest);
  assert.equal(
    openAddressEvent(users.deps.addressEventKey, account.user.id, latest.data.sealedAddress),
    '7 Eulji-ro, Jung-gu, Seoul',
  );
});
