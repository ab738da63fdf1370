import { createDatabase, type Database, type DatabaseHandle, type Executor } from '@fcfs/shared';
import * as schema from './schema/index.ts';

export type OrdersSchema = typeof schema;
export type OrdersDatabase = Database<OrdersSchema>;
export type OrdersExecutor = Executor<OrdersSchema>;

export const migrationsFolder = new URL('../../drizzle', import.meta.url).pathname;

export const connectOrdersDatabase = (
  url: string,
  options: { connectionLimit?: number; onQuery?: (sql: string) => void } = {},
): DatabaseHandle<OrdersSchema> => createDatabase(url, schema, options);
