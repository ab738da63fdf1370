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
        contextType: '../context.ts#UsersContext',
        mappers: {
          User: '../db/schema/index.ts#UserRow',
          AuthPayload: '../domain/sessions/start-session.ts#SessionPayload',
        },
        scalars: { DateTime: 'Date' },
        useIndexSignature: true,
      },
    },
  },
};

export default config;
