export { outbox, processedEvents } from '@fcfs/shared';
export { type RefreshTokenRow, refreshTokens } from './refresh-tokens.ts';
export { type NewUserRow, type UserRow, users } from './users.ts';
