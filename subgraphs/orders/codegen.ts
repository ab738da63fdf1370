import { subgraphCodegen } from '@fcfs/shared/codegen';

export default subgraphCodegen('../context.ts#OrdersContext', {
  Order: '../db/schema/index.ts#OrderRow',
  OrderItem: '../db/schema/index.ts#OrderItemRow',
  OrderStatusChange: '../db/schema/index.ts#OrderStatusChangeRow',
  OrderConnection: '../domain/list-orders.ts#OrderPage',
  Cart: '../domain/cart/find-cart.ts#CartView',
  CartItem: '../db/schema/index.ts#CartItemRow',
  User: '../domain/references.ts#UserReference',
  Product: '../domain/references.ts#ProductReference',
});
