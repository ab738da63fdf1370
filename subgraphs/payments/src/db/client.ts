import { createDatabase, type Database, type DatabaseHandle, type Executor } from '@fcfs/shared';
import * as schema from './schema/index.ts';

export type PaymentsSchema = typeof schema;
export type PaymentsDatabase = Database<PaymentsSchema>;
export type PaymentsExecutor = Executor<PaymentsSchema>;

export const migrationsFolder = new URL('../../drizzle', import.meta.url).pathname;

export const connectPaymentsDatabase = (
  url: string,
  options: { connectionLimit?: number; onQuery?: (sql: string) => void } = {},
): DatabaseHandle<PaymentsSchema> => createDatabase(url, schema, options);
