import { badUserInput } from '../errors/client-errors.ts';
import { decodeCursor, MAX_PAGE_SIZE } from './cursor.ts';

export const DEFAULT_PAGE_SIZE = 20;

/** A connection field's paging arguments, as GraphQL hands them over. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** What to fetch: `limit` rows (fetch one more to learn whether another page exists) after `after`. */
export interface PageRequest<Key> {
  limit: number;
  /** The key of the last row of the previous page; undefined for the first page. */
  after: Key | undefined;
}

/** A Relay-style connection page; `totalCount` runs only when a client selects it. */
export interface Page<Node> {
  edges: { cursor: string; node: Node }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: () => Promise<number>;
}

/**
 * Checks `first` (0 to MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE when absent) and `after` (a cursor this list handed
 * out), answering BAD_USER_INPUT on the field. Cursors are `encodeCursor` ids unless `decode` reads another
 * kind (undefined for anything it did not write).
 */
export function pageRequest(args: PageArgs): PageRequest<number>;
export function pageRequest<Key>(
  args: PageArgs,
  decode: (cursor: string) => Key | undefined,
): PageRequest<Key>;
export function pageRequest<Key>(
  { first, after }: PageArgs,
  decode: (cursor: string) => Key | number | undefined = decodeCursor,
): PageRequest<Key | number> {
  const limit = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) {
    throw badUserInput(`first must be between 0 and ${MAX_PAGE_SIZE}`, 'first');
  }
  const key = after ? decode(after) : undefined;
  if (after && key === undefined) throw badUserInput('after is not a cursor from this list', 'after');
  return { limit, after: key };
}

/**
 * Shapes up to `limit + 1` rows, in list order, into a page: the first `limit` are its edges, and one more
 * row means another page follows.
 */
export function pageOf<Node>(
  rows: readonly Node[],
  limit: number,
  cursorOf: (node: Node) => string,
  totalCount: () => Promise<number>,
): Page<Node> {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    edges: page.map((node) => ({ cursor: cursorOf(node), node })),
    pageInfo: { hasNextPage: rows.length > limit, endCursor: last === undefined ? null : cursorOf(last) },
    totalCount,
  };
}
