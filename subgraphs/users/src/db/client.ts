import { createDatabase, type Database, type DatabaseHandle } from '@fcfs/shared';
import * as schema from './schema/index.ts';

export type UsersSchema = typeof schema;
export type UsersDatabase = Database<UsersSchema>;

export const migrationsFolder = new URL('../../drizzle', import.meta.url).pathname;

export const connectUsersDatabase = (
  url: string,
  options: { onQuery?: (sql: string) => void } = {},
): DatabaseHandle<UsersSchema> => createDatabase(url, schema, options);
