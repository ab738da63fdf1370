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
        contextType: '../context.ts#OrdersContext',
        mappers: {
          Order: '../db/schema/index.ts#OrderRow',
          OrderItem: '../db/schema/index.ts#OrderItemRow',
          OrderStatusChange: '../db/schema/index.ts#OrderStatusChangeRow',
          OrderConnection: '../domain/list-orders.ts#OrderPage',
          Cart: '../domain/cart/find-cart.ts#CartView',
          CartItem: '../db/schema/index.ts#CartItemRow',
          User: '../domain/references.ts#UserReference',
          Product: '../domain/references.ts#ProductReference',
        },
        scalars: { DateTime: 'Date' },
        useIndexSignature: true,
      },
    },
  },
};

export default config;
