export * from './contracts.ts';
export { createEvent, type ParsedEvent, parseEvent } from './envelope.ts';
export { ORDER_STATUSES, type OrderStatus } from './order-status.ts';
export { EventRejections } from './rejections.ts';
