import { createRequire } from 'node:module';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse, printSchema } from 'graphql';
import { repositoryRoot, type SubgraphSource } from './subgraphs.ts';

export const SUPERGRAPH_PATH = join(repositoryRoot, 'gateway/supergraph.graphql');
export const ROVER_CONFIG_PATH = join(repositoryRoot, 'gateway/supergraph.yaml');
/** What clients see (no join directives, nothing `@inaccessible`): the storefront's codegen reads it. */
export const API_SCHEMA_PATH = join(repositoryRoot, 'gateway/api-schema.graphql');

export type Composition =
  | { ok: true; supergraphSdl: string; apiSchemaSdl: string; roverConfig: string; hints: string[] }
  | { ok: false; errors: string[] };

/** The composition library's version: Rover composes with the same one, so both give the same supergraph. */
export const compositionVersion = (): string =>
  (createRequire(import.meta.url)('@apollo/composition/package.json') as { version: string }).version;

/** Composes the subgraph schemas; every error names its code and the subgraph it comes from where known. */
export function composeSupergraph(sources: SubgraphSource[]): Composition {
  if (sources.length === 0) return { ok: false, errors: ['no subgraphs/*/schema.graphql found'] };
  const parseErrors: string[] = [];
  const services = sources.flatMap((source) => {
    try {
      return [{ name: source.name, url: source.url, typeDefs: parse(source.sdl) }];
    } catch (error) {
      parseErrors.push(`[${source.name}] ${source.schemaPath}: ${(error as Error).message}`);
      return [];
    }
  });
  if (parseErrors.length > 0) return { ok: false, errors: parseErrors };

  const result = composeServices(services);
  if (result.errors) {
    return {
      ok: false,
      errors: result.errors.map((error) => {
        const code = error.extensions.code;
        return `${typeof code === 'string' ? `${code}: ` : ''}${error.message}`;
      }),
    };
  }
  return {
    ok: true,
    supergraphSdl: `${result.supergraphSdl.trimEnd()}\n`,
    apiSchemaSdl: `${printSchema(result.schema.toAPISchema().toGraphQLJSSchema()).trimEnd()}\n`,
    roverConfig: roverConfig(sources),
    hints: result.hints.map((hint) => `${hint.definition.code}: ${hint.message}`),
  };
}

/** `rover supergraph compose --config gateway/supergraph.yaml` composes the same graph (paths are relative to it). */
function roverConfig(sources: SubgraphSource[]): string {
  const lines = [
    '# Written by `pnpm compose` from subgraphs/*/schema.graphql: edit the subgraph schemas, not this file.',
    '# rover supergraph compose --config gateway/supergraph.yaml > gateway/supergraph.graphql',
    `federation_version: =${compositionVersion()}`,
    'subgraphs:',
    ...sources.flatMap((source) => [
      `  ${source.name}:`,
      `    routing_url: ${source.url}`,
      '    schema:',
      `      file: ../${source.schemaPath}`,
    ]),
  ];
  return `${lines.join('\n')}\n`;
}
