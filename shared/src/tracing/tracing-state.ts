/**
 * Whether the SDK runs in this process, known without loading it: the hot paths (each Kafka message, each
 * outbox row) ask this first and skip all trace work when it is off.
 */
let flushSpans: (() => Promise<void>) | undefined;

export const tracingActive = (): boolean => flushSpans !== undefined;

/** Called once by the SDK's start, with how to export the spans still buffered. */
export function markTracingStarted(flush: () => Promise<void>): void {
  flushSpans = flush;
}

/**
 * Exports the spans still buffered; a no-op without tracing. A service calls it last on its way out. A tracing
 * backend that cannot be reached costs those spans, never the clean stop.
 */
export async function flushTraces(): Promise<void> {
  await flushSpans?.().catch(() => undefined);
}
