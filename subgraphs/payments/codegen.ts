import { subgraphCodegen } from '@fcfs/shared/codegen';

export default subgraphCodegen('../context.ts#PaymentsContext', {
  Order: '../domain/order-payment.ts#OrderReference',
  Payment: '../db/schema/index.ts#PaymentRow',
});
