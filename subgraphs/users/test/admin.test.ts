import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Viewer } from '@fcfs/shared';
import jwt from 'jsonwebtoken';
import {
  type AuthPayload,
  LOGIN,
  REFRESH,
  SET_USER_ROLE,
  signUpUser,
  USER_BY_EMAIL,
  USERS,
} from './operations.ts';
import { asGateway, PASSWORD, startTestUsers, type Users, uniqueEmail } from './users-harness.ts';

let users: Users;

before(async () => {
  users = await startTestUsers();
});
after(() => users.close());

const admin: Viewer = { id: '1', role: 'ADMIN' };

type UsersPage = {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: { id: string; email: string | null; role: string } }[];
};
const page = async (viewer: Viewer | null, variables: { first?: number; after?: string | null }) => {
  const result = await users.call<{ users: UsersPage }>(viewer, USERS, variables);
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  const connection = result.data?.users;
  assert.ok(connection);
  return connection;
};
const failure = (path: string, code: string, message: string, extra: Record<string, unknown> = {}) => ({
  status: 200,
  data: null,
  errors: [{ message, path: [path], extensions: { code, ...extra } }],
});

describe('admin lookups', () => {
  test('userByEmail finds an account through the blind index, however the address is written', async () => {
    const account = await signUpUser(users);
    const written = `  ${account.profile.email.toUpperCase()} `;
    assert.deepEqual(await users.call(admin, USER_BY_EMAIL, { email: written }), {
      status: 200,
      data: { userByEmail: account.user },
    });
    // Looked up by the index, never by reading (or decrypting) the email column.
    const lookup = users.queries.filter((sql) => sql.includes('`email_index` = ?')).at(-1);
    assert.ok(lookup, 'the lookup goes through email_index');
    assert.deepEqual(await users.call(admin, USER_BY_EMAIL, { email: uniqueEmail('nobody') }), {
      status: 200,
      data: { userByEmail: null },
    });
    assert.deepEqual(await users.call(admin, USER_BY_EMAIL, { email: 'not an address' }), {
      ...failure('userByEmail', 'BAD_USER_INPUT', 'email: is not a valid email address', { field: 'email' }),
      data: { userByEmail: null },
    });
  });

  test('only admins: a customer gets FORBIDDEN, an anonymous caller UNAUTHENTICATED', async () => {
    const account = await signUpUser(users);
    const { viewer } = asGateway(account.accessToken);
    const codes = async (caller: Viewer | null, query: string, variables: Record<string, unknown>) =>
      (await users.call(caller, query, variables)).errors?.map((error) => error.extensions?.code);
    assert.deepEqual(await codes(viewer, USER_BY_EMAIL, { email: account.profile.email }), ['FORBIDDEN']);
    assert.deepEqual(await codes(null, USER_BY_EMAIL, { email: account.profile.email }), ['UNAUTHENTICATED']);
    assert.deepEqual(await codes(viewer, USERS, { first: 1 }), ['FORBIDDEN']);
    assert.deepEqual(await codes(null, USERS, { first: 1 }), ['UNAUTHENTICATED']);
  });

  test('users pages newest first by keyset: a sign-up between two pages neither repeats nor skips a row', async () => {
    const created = [];
    for (let n = 0; n < 5; n += 1) created.push(await signUpUser(users));
    const ids = (connection: UsersPage) => connection.edges.map((edge) => Number(edge.node.id));
    const descending = (list: number[]) => list.every((id, n) => n === 0 || id < (list[n - 1] ?? 0));

    const first = await page(admin, { first: 3 });
    assert.equal(first.edges.length, 3);
    assert.ok(descending(ids(first)), JSON.stringify(ids(first)));
    assert.equal(first.pageInfo.hasNextPage, true);
    assert.equal(first.pageInfo.endCursor, first.edges.at(-1)?.cursor);
    const newest = created.at(-1);
    const newestEdge = first.edges.find((edge) => edge.node.id === newest?.user.id);
    assert.equal(
      newestEdge?.node.email,
      newest?.profile.email,
      'the newest account is on the first page, email shown',
    );

    const late = await signUpUser(users);
    const second = await page(admin, { first: 3, after: first.pageInfo.endCursor });
    const lastOfFirst = ids(first).at(-1) ?? 0;
    assert.ok(
      ids(second).every((id) => id < lastOfFirst),
      'the next page starts after the cursor, whatever was added since',
    );
    assert.ok(!second.edges.some((edge) => edge.node.id === late.user.id));
    assert.equal((await page(admin, { first: 1 })).edges[0]?.node.id, late.user.id);

    const [[counted]] = (await users.pool.query('SELECT COUNT(*) AS total FROM users')) as unknown as [
      { total: number }[],
    ];
    assert.equal((await page(admin, { first: 0 })).totalCount, Number(counted?.total));

    // Walking to the end sees every user once, newest first.
    const seen: number[] = [];
    let cursor: string | null = null;
    for (;;) {
      const next: UsersPage = await page(admin, { first: 100, after: cursor });
      seen.push(...ids(next));
      if (!next.pageInfo.hasNextPage) break;
      cursor = next.pageInfo.endCursor;
    }
    assert.ok(descending(seen), 'strictly descending ids: no row twice');
    const mine = [...created, late].map((account) => Number(account.user.id));
    assert.deepEqual(
      seen.filter((id) => mine.includes(id)),
      [...mine].reverse(),
    );
    assert.deepEqual((await page(admin, { first: 0 })).edges, []);
  });

  test('a page over 100 or a foreign cursor is BAD_USER_INPUT naming the argument', async () => {
    assert.deepEqual(
      await users.call(admin, USERS, { first: 101 }),
      failure('users', 'BAD_USER_INPUT', 'first must be between 0 and 100', { field: 'first' }),
    );
    assert.deepEqual(
      await users.call(admin, USERS, { first: 1, after: 'not-a-cursor' }),
      failure('users', 'BAD_USER_INPUT', 'after is not a cursor from this list', { field: 'after' }),
    );
  });

  test('setUserRole changes the role and ends every session of the user; the next login carries the new role', async () => {
    const account = await signUpUser(users);
    const { email } = account.profile;
    const otherSession = (
      await users.call<{ login: AuthPayload }>(null, LOGIN, { email, password: PASSWORD })
    ).data?.login;
    assert.ok(otherSession);
    const before = Math.floor(Date.now() / 1000);

    const promoted = await users.call(admin, SET_USER_ROLE, { userId: account.user.id, role: 'ADMIN' });
    assert.deepEqual(promoted, { status: 200, data: { setUserRole: { ...account.user, role: 'ADMIN' } } });

    for (const session of [account, otherSession]) {
      assert.deepEqual(
        (await users.call(null, REFRESH, { refreshToken: session.refreshToken })).errors?.map(
          (error) => error.extensions?.code,
        ),
        ['UNAUTHENTICATED'],
      );
      const { sid } = jwt.decode(session.accessToken) as { sid: string };
      users.track(`revoked:session:${sid}`);
      assert.equal(await users.redis.exists(`revoked:session:${sid}`), 1);
    }
    assert.ok(Number(await users.redis.get(`revoked:user:${account.user.id}`)) >= before);
    const again = await users.call<{ login: AuthPayload }>(null, LOGIN, { email, password: PASSWORD });
    assert.equal(again.data?.login.user.role, 'ADMIN');
    assert.equal((jwt.decode(again.data?.login.accessToken ?? '') as { role: string }).role, 'ADMIN');

    // The role it already has: nothing changes, no session ends.
    const same = await users.call(admin, SET_USER_ROLE, { userId: account.user.id, role: 'ADMIN' });
    assert.equal(same.errors, undefined);
    const still = await users.call(null, REFRESH, { refreshToken: again.data?.login.refreshToken });
    assert.equal(still.errors, undefined, JSON.stringify(still.errors));
  });

  test('setUserRole: customers are refused, unknown users are NOT_FOUND, an admin cannot change their own role', async () => {
    const account = await signUpUser(users);
    const { viewer } = asGateway(account.accessToken);
    const codes = async (caller: Viewer | null, variables: Record<string, unknown>) =>
      (await users.call(caller, SET_USER_ROLE, variables)).errors?.map((error) => [
        error.extensions?.code,
        error.message,
      ]);
    assert.deepEqual(await codes(viewer, { userId: account.user.id, role: 'ADMIN' }), [
      ['FORBIDDEN', 'Only an admin can do this'],
    ]);
    assert.deepEqual(await codes(null, { userId: account.user.id, role: 'ADMIN' }), [
      ['UNAUTHENTICATED', 'You must be logged in'],
    ]);
    assert.deepEqual(await codes(admin, { userId: '999999999999', role: 'ADMIN' }), [
      ['NOT_FOUND', 'User 999999999999 not found'],
    ]);
    assert.deepEqual(await codes(admin, { userId: 'abc', role: 'ADMIN' }), [
      ['NOT_FOUND', 'User abc not found'],
    ]);
    assert.deepEqual(await codes(admin, { userId: admin.id, role: 'CUSTOMER' }), [
      ['BAD_USER_INPUT', 'userId: an admin cannot change their own role'],
    ]);
    const [[row]] = (await users.pool.query('SELECT role FROM users WHERE id = ?', [
      account.user.id,
    ])) as unknown as [{ role: string }[]];
    assert.equal(row?.role, 'CUSTOMER');
  });

  test('setUserRole racing a refresh: whichever commits first, no token of the old role survives', async () => {
    for (let round = 0; round < 6; round += 1) {
      const account = await signUpUser(users);
      const [changed, refreshed] = await Promise.all([
        users.call(admin, SET_USER_ROLE, { userId: account.user.id, role: 'ADMIN' }),
        users.call<{ refreshToken: AuthPayload }>(null, REFRESH, { refreshToken: account.refreshToken }),
      ]);
      assert.equal(changed.errors, undefined, JSON.stringify(changed.errors));
      const { sid } = jwt.decode(account.accessToken) as { sid: string };
      users.track(`revoked:session:${sid}`);
      // The session is denied at the gateway in any order, so any access token the refresh issued is refused.
      assert.equal(await users.redis.exists(`revoked:session:${sid}`), 1);
      const rotated = refreshed.data?.refreshToken;
      if (rotated) {
        assert.equal((jwt.decode(rotated.accessToken) as { sid: string }).sid, sid);
        const next = await users.call(null, REFRESH, { refreshToken: rotated.refreshToken });
        assert.deepEqual(
          next.errors?.map((error) => error.extensions?.code),
          ['UNAUTHENTICATED'],
        );
      } else {
        assert.deepEqual(
          refreshed.errors?.map((error) => error.extensions?.code),
          ['UNAUTHENTICATED'],
        );
      }
    }
  });
});
