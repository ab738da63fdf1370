export { enqueueEvents } from './enqueue.ts';
export { handleOnce } from './handle-once.ts';
export { OutboxRelay, type OutboxRelayOptions } from './relay.ts';
export { outbox, processedEvents } from './tables.ts';
