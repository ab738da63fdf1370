import { subgraphCodegen } from '@fcfs/shared/codegen';

export default subgraphCodegen('../context.ts#CatalogContext', {
  Product: '../db/schema/index.ts#ProductRow',
  StockAdjustment: '../db/schema/index.ts#StockAdjustmentRow',
  ProductConnection: '../domain/list-products.ts#ProductPage',
});
