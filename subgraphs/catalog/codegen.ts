import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  generates: {
    'src/__generated__/resolvers-types.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        federation: true,
        useTypeImports: true,
        enumsAsTypes: true,
        contextType: '../context.ts#CatalogContext',
        mappers: {
          Product: '../db/schema/index.ts#ProductRow',
          ProductConnection: '../domain/list-products.ts#ProductPage',
        },
        scalars: { DateTime: 'Date' },
        useIndexSignature: true,
      },
    },
  },
};

export default config;
