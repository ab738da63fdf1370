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
        contextType: '../context.ts#PaymentsContext',
        mappers: {
          Order: '../domain/order-payment.ts#OrderReference',
          Payment: '../db/schema/index.ts#PaymentRow',
        },
        scalars: { DateTime: 'Date' },
        useIndexSignature: true,
      },
    },
  },
};

export default config;
