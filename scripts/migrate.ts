// Applies every subgraph's committed drizzle migrations to its own database (`pnpm migrate`).
// Run before the services start, never silently on boot: see STYLE.md.
import { existsSync } from 'node:fs';
import { createDatabase, runMigrations } from '@fcfs/shared';

const SUBGRAPHS = ['users', 'catalog', 'orders', 'payments'] as const;

for (const name of SUBGRAPHS) {
  const folder = new URL(`../subgraphs/${name}/drizzle`, import.meta.url).pathname;
  if (!existsSync(folder)) continue;
  const variable = `${name.toUpperCase()}_DATABASE_URL`;
  const url = process.env[variable];
  if (!url) {
    process.stderr.write(`migrate: ${variable} is required\n`);
    process.exit(1);
  }
  const { db, close } = createDatabase(url, {}, { connectionLimit: 1 });
  await runMigrations(db, folder);
  await close();
  process.stdout.write(`migrate: ${name} is up to date\n`);
}
