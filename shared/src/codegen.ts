import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * graphql-codegen settings every subgraph shares: resolver types from its `schema.graphql`, Federation aware,
 * type-only imports and string-union enums (Node's type stripping runs no enum code).
 */
export function subgraphCodegen(contextType: string, mappers: Record<string, string>): CodegenConfig {
  return {
    schema: 'schema.graphql',
    generates: {
      'src/__generated__/resolvers-types.ts': {
        plugins: ['typescript', 'typescript-resolvers'],
        config: {
          federation: true,
          useTypeImports: true,
          enumsAsTypes: true,
          contextType,
          mappers,
          scalars: { DateTime: 'Date' },
          useIndexSignature: true,
        },
      },
    },
  };
}
