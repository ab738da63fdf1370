import { requireViewer, unauthenticated, type Viewer } from '@fcfs/shared';
import { asc, eq } from 'drizzle-orm';
import { findOrderMailsOf, findOrderSummariesOf } from '../../db/order-mails-repository.ts';
import { refreshTokens, users } from '../../db/schema/index.ts';
import type { UsersDependencies } from '../../dependencies.ts';
import { openProfile } from '../pii/profile-sealing.ts';

/**
 * Everything users holds about the caller, as one JSON document: the profile in the clear, the sessions,
 * the orders users knows of (lines and totals kept for mails) and the mails about them. Shipping addresses
 * live in orders and are read there (`Order.shippingAddress`); no call to orders is made from here.
 */
export async function exportMyData(deps: UsersDependencies, viewer: Viewer | null): Promise<string> {
  const caller = requireViewer(viewer);
  const [user] = await deps.db
    .select()
    .from(users)
    .where(eq(users.id, Number(caller.id)));
  if (!user) throw unauthenticated();
  const userId = String(user.id);
  const { email, name, address, phone } = await openProfile(deps, user);
  const sessions = await deps.db
    .select()
    .from(refreshTokens)
    .where(eq(refreshTokens.userId, user.id))
    .orderBy(asc(refreshTokens.id));
  const document = {
    exportedAt: new Date().toISOString(),
    profile: {
      id: userId,
      email,
      name,
      address,
      phone,
      role: user.role,
      createdAt: user.createdAt.toISOString(),
      updatedAt: user.updatedAt.toISOString(),
    },
    sessions: sessions.map((token) => ({
      session: token.familyId,
      createdAt: token.createdAt.toISOString(),
      expiresAt: token.expiresAt.toISOString(),
      rotatedAt: token.rotatedAt?.toISOString() ?? null,
      revokedAt: token.revokedAt?.toISOString() ?? null,
    })),
    orders: (await findOrderSummariesOf(deps.db, userId)).map((order) => ({
      orderId: order.orderId,
      placedAt: order.placedAt.toISOString(),
      lines: order.lines,
      totalPrice: order.totalPrice,
    })),
    orderMails: (await findOrderMailsOf(deps.db, userId)).map((mail) => ({
      orderId: mail.orderId,
      kind: mail.kind,
      queuedAt: mail.createdAt.toISOString(),
      sentAt: mail.sentAt?.toISOString() ?? null,
    })),
  };
  return JSON.stringify(document, null, 2);
}
