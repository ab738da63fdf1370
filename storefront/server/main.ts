import { existsSync } from 'node:fs';
import { startStorefrontServer } from './static-server.ts';

/**
 * `node storefront/server/main.ts`: serves storefront/dist. PORT (default 3000) and STOREFRONT_GRAPHQL_URL, the
 * gateway as the buyer's browser reaches it (default http://localhost:4000/graphql).
 */
const distDir = new URL('../dist/', import.meta.url).pathname;
const fail = (message: string): never => {
  process.stderr.write(`storefront: ${message}\n`);
  process.exit(1);
};

const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 1 || port > 65_535)
  fail(`PORT must be a port number, got "${process.env.PORT}"`);
const graphqlUrl = process.env.STOREFRONT_GRAPHQL_URL ?? 'http://localhost:4000/graphql';
if (!URL.canParse(graphqlUrl) || !/^https?:$/.test(new URL(graphqlUrl).protocol))
  fail(`STOREFRONT_GRAPHQL_URL must be an http(s):// URL, got "${graphqlUrl}"`);
if (!existsSync(`${distDir}index.html`))
  fail('no build in storefront/dist: run `pnpm --filter @fcfs/storefront build`');

const storefront = await startStorefrontServer({ distDir, graphqlUrl, port });
process.stdout.write(`storefront at ${storefront.url} (gateway ${graphqlUrl})\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void storefront.close().then(() => process.exit(0)));
}
