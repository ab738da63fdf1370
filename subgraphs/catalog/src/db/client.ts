import { createDatabase, type Database, type DatabaseHandle } from '@fcfs/shared';
import * as schema from './schema/index.ts';

export type CatalogSchema = typeof schema;
export type CatalogDatabase = Database<CatalogSchema>;

export const migrationsFolder = new URL('../../drizzle', import.meta.url).pathname;

export const connectCatalogDatabase = (url: string): DatabaseHandle<CatalogSchema> =>
  createDatabase(url, schema);
