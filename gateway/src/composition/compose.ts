import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { discoverSubgraphs, repositoryRoot } from './subgraphs.ts';
import { API_SCHEMA_PATH, composeSupergraph, ROVER_CONFIG_PATH, SUPERGRAPH_PATH } from './supergraph.ts';

/**
 * `pnpm compose`: composes every `subgraphs/<name>/schema.graphql` into the committed
 * `gateway/supergraph.graphql`, the client-facing `gateway/api-schema.graphql` and the matching Rover config. `--check` writes nothing and fails when the
 * committed files are stale.
 */
const check = process.argv.includes('--check');
const shown = (path: string) => relative(repositoryRoot, path);

const readOrEmpty = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

let sources: ReturnType<typeof discoverSubgraphs>;
try {
  sources = discoverSubgraphs();
} catch (error) {
  process.stderr.write(`compose: ${(error as Error).message}\n`);
  process.exit(1);
}

const composition = composeSupergraph(sources);
if (!composition.ok) {
  process.stderr.write(
    `compose: composition of ${sources.map((source) => source.name).join(', ') || 'no subgraphs'} failed:\n`,
  );
  for (const error of composition.errors) process.stderr.write(`  - ${error}\n`);
  process.exit(1);
}

for (const hint of composition.hints) process.stderr.write(`compose: hint ${hint}\n`);

const outputs = [
  [SUPERGRAPH_PATH, composition.supergraphSdl],
  [API_SCHEMA_PATH, composition.apiSchemaSdl],
  [ROVER_CONFIG_PATH, composition.roverConfig],
] as const;
const stale = outputs.filter(([path, text]) => readOrEmpty(path) !== text);

if (check) {
  for (const [path] of stale)
    process.stderr.write(`compose: ${shown(path)} is stale, run \`pnpm compose\`\n`);
  process.exit(stale.length === 0 ? 0 : 1);
}
for (const [path, text] of stale) writeFileSync(path, text);
process.stdout.write(
  `compose: ${sources.map((source) => source.name).join(', ')} → ${shown(SUPERGRAPH_PATH)}${stale.length === 0 ? ' (unchanged)' : ''}\n`,
);
