export { currentTraceparent, inConsumerBatchSpan, inConsumerSpan } from './trace-context.ts';
export { tracingConfigured } from './tracing-config.ts';
export { flushTraces, markTracingStarted, tracingActive } from './tracing-state.ts';
