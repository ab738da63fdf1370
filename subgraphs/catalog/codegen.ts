import { subgraphCodegen } from '@fcfs/shared/codegen';

export default subgraphCodegen('../context.ts#CatalogContext', {
  Product: '../db/schema/index.ts#ProductRow',
  ProductConnection: '../domain/list-products.ts#ProductPage',
});
