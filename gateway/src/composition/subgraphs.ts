import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where each subgraph listens by default (docs/architecture.md#shape). Composition discovers subgraphs from
 * the folders that have a `schema.graphql`; one missing here fails composition with a clear message instead
 * of composing a supergraph that routes to nowhere.
 */
export const SUBGRAPH_DEFAULT_PORTS = {
  users: 4001,
  catalog: 4002,
  orders: 4003,
  payments: 4004,
} as const;

type KnownSubgraph = keyof typeof SUBGRAPH_DEFAULT_PORTS;

const isKnownSubgraph = (name: string): name is KnownSubgraph => Object.hasOwn(SUBGRAPH_DEFAULT_PORTS, name);

/** Where a subgraph listens on one machine; the gateway's `<NAME>_URL` env vars override it. */
export const defaultSubgraphUrl = (name: KnownSubgraph) =>
  `http://127.0.0.1:${SUBGRAPH_DEFAULT_PORTS[name]}/graphql`;

export interface SubgraphSource {
  name: string;
  url: string;
  /** Relative to the repository root. */
  schemaPath: string;
  sdl: string;
}

export const repositoryRoot = new URL('../../../', import.meta.url).pathname;

/** Every `subgraphs/<name>/schema.graphql`, sorted by name, so the supergraph does not depend on disk order. */
export function discoverSubgraphs(root: string = repositoryRoot): SubgraphSource[] {
  const folder = join(root, 'subgraphs');
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(folder, entry.name, 'schema.graphql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      if (!isKnownSubgraph(name)) {
        throw new Error(
          `subgraph "${name}" has no default port: add it to SUBGRAPH_DEFAULT_PORTS in gateway/src/composition/subgraphs.ts (and its URL to gateway/src/config.ts)`,
        );
      }
      const schemaPath = `subgraphs/${name}/schema.graphql`;
      const sdl = readFileSync(join(root, schemaPath), 'utf8');
      return { name, url: defaultSubgraphUrl(name), schemaPath, sdl };
    });
}
