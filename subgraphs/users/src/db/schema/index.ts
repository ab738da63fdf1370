export { outbox, processedEvents } from '@fcfs/shared';
export {
  type OrderMailKind,
  type OrderMailLine,
  type OrderMailRow,
  type OrderSummaryRow,
  orderMails,
  orderSummaries,
} from './order-mails.ts';
export { type RefreshTokenRow, refreshTokens } from './refresh-tokens.ts';
export { userKeys } from './user-keys.ts';
export { type NewUserRow, type UserRow, users } from './users.ts';
