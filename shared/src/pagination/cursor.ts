/**
 * Opaque keyset cursors: the position is the row id, so rows inserted between two page requests never shift
 * a later page (no duplicates, no gaps), unlike OFFSET paging.
 */
const PREFIX = 'c1:';

export const encodeCursor = (id: number): string => Buffer.from(`${PREFIX}${id}`).toString('base64url');

/** The id inside a cursor, or undefined for anything this service did not hand out. */
export function decodeCursor(cursor: string): number | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX)) return undefined;
  const id = Number(text.slice(PREFIX.length));
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

export const MAX_PAGE_SIZE = 100;

/** Numeric ids arrive as GraphQL `ID` strings; anything else is simply not found. */
export function parseNumericId(id: string): number | undefined {
  if (!/^\d{1,15}$/.test(id)) return undefined;
  const value = Number(id);
  return value > 0 ? value : undefined;
}
