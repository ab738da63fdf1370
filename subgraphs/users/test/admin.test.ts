import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Viewer } from '@fcfs/shared';
import { signUpUser, USER_BY_EMAIL, USERS } from './operations.ts';
import { asGateway, startUsers, type Users, uniqueEmail } from './users-harness.ts';

let users: Users;

before(async () => {
  users = await startUsers();
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
});
