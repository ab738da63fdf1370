import { createDatabase, type Database } from '@fcfs/shared';
import * as schema from './schema/index.ts';

export type CatalogSchema = typeof schema;
export type CatalogDatabase = Database<CatalogSchema>;

export const migrationsFolder = new URL('../../drizzle', import.meta.url).pathname;

export const connectCatalogDatabase = (url: string, options?: { onQuery?: (sql: string) => void }) =>
  createDatabase(url, schema, options);
