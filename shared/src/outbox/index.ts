export { commitWithEvents } from './commit-with-events.ts';
export { enqueueEvents, enqueueTracedEvents, type TracedEvent } from './enqueue.ts';
export { handleOnce, handleOnceBatch } from './handle-once.ts';
export { OutboxRelay, type OutboxRelayOptions } from './relay.ts';
export { type ServiceEventing, startServiceEventing } from './service-eventing.ts';
export { outbox, processedEvents } from './tables.ts';
