import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GraphQLError } from 'graphql';
import { encodeCursor, MAX_PAGE_SIZE, pageOf, pageRequest } from '../src/index.ts';

const refusal = (field: string) => (error: unknown) =>
  error instanceof GraphQLError &&
  error.extensions.code === 'BAD_USER_INPUT' &&
  error.extensions.field === field;

test('pageRequest: 20 rows from the top by default, the cursor’s key after that', () => {
  assert.deepEqual(pageRequest({}), { limit: 20, after: undefined });
  assert.deepEqual(pageRequest({ first: null, after: null }), { limit: 20, after: undefined });
  assert.deepEqual(pageRequest({ first: 0, after: encodeCursor(42) }), { limit: 0, after: 42 });
  assert.deepEqual(pageRequest({ first: MAX_PAGE_SIZE }), { limit: MAX_PAGE_SIZE, after: undefined });
});

test('pageRequest refuses a bad first or a foreign cursor with BAD_USER_INPUT naming the field', () => {
  for (const first of [-1, MAX_PAGE_SIZE + 1, 1.5])
    assert.throws(() => pageRequest({ first }), refusal('first'));
  for (const after of ['nope', encodeCursor(1).slice(1)])
    assert.throws(() => pageRequest({ after }), refusal('after'));
});

test('pageRequest reads other cursor kinds through its decoder', () => {
  const decode = (cursor: string) => (cursor.startsWith('at:') ? { at: cursor.slice(3) } : undefined);
  assert.deepEqual(pageRequest({ first: 2, after: 'at:x' }, decode), { limit: 2, after: { at: 'x' } });
  assert.throws(() => pageRequest({ after: 'x' }, decode), refusal('after'));
});

test('pageOf: the first limit rows are the edges, one more means another page', async () => {
  const cursorOf = (row: { id: number }) => encodeCursor(row.id);
  const total = async () => 7;
  const full = pageOf([{ id: 9 }, { id: 8 }, { id: 7 }], 2, cursorOf, total);
  assert.deepEqual(full.edges, [
    { cursor: encodeCursor(9), node: { id: 9 } },
    { cursor: encodeCursor(8), node: { id: 8 } },
  ]);
  assert.deepEqual(full.pageInfo, { hasNextPage: true, endCursor: encodeCursor(8) });
  assert.equal(await full.totalCount(), 7);
  assert.deepEqual(pageOf([{ id: 3 }], 2, cursorOf, total).pageInfo, {
    hasNextPage: false,
    endCursor: encodeCursor(3),
  });
  assert.deepEqual(pageOf([], 2, cursorOf, total).pageInfo, { hasNextPage: false, endCursor: null });
});
