import type { PlacementPosition } from '../../db/order-desk-repository.ts';
import { isOrderId } from '../order-id.ts';

/**
 * The desk's opaque cursor: the last row's placement time and id. Keyset positions, not offsets, so orders
 * placed between two page requests never shift a later page (no repeats, no gaps).
 */
const PREFIX = 'p1:';

export const encodePlacementCursor = ({ placedAt, id }: PlacementPosition): string =>
  Buffer.from(`${PREFIX}${placedAt.getTime()}:${id}`).toString('base64url');

/** The position inside a cursor, or undefined for anything the desk did not hand out. */
export function decodePlacementCursor(cursor: string): PlacementPosition | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX)) return undefined;
  const [time = '', id = ''] = text.slice(PREFIX.length).split(':');
  const ms = Number(time);
  if (!/^\d{1,15}$/.test(time) || !Number.isSafeInteger(ms) || !isOrderId(id)) return undefined;
  return { placedAt: new Date(ms), id };
}
