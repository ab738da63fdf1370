import {
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  type SpanOptions,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { IHeaders } from 'kafkajs';
import { tracingActive } from './tracing-state.ts';

const tracer = trace.getTracer('@fcfs/shared');

/** The W3C `traceparent` of the span running now, for an outbox row to carry; null without tracing. */
export function currentTraceparent(): string | null {
  if (!tracingActive()) return null;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ?? null;
}

function headerText(value: IHeaders[string]): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

const messagingAttributes = (topic: string, count: number) => ({
  'messaging.system': 'kafka',
  'messaging.destination.name': topic,
  'messaging.batch.message_count': count,
});

async function inSpan<Result>(
  name: string,
  options: SpanOptions,
  parent: Context,
  handle: () => Promise<Result>,
): Promise<Result> {
  return tracer.startActiveSpan(name, options, parent, async (span) => {
    try {
      return await handle();
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

const contextOf = (traceparent: string) => propagation.extract(ROOT_CONTEXT, { traceparent });

/**
 * Runs a consumer's handler for one Kafka message in a span continuing the trace its `traceparent` header
 * names, so the handler's queries and the events it writes belong to the request that caused the message.
 * Without tracing it only calls `handle`: no header is read.
 */
export async function inConsumerSpan<Result>(
  topic: string,
  headers: IHeaders | undefined,
  handle: () => Promise<Result>,
): Promise<Result> {
  if (!tracingActive()) return handle();
  const traceparent = headerText(headers?.traceparent);
  return inSpan(
    `process ${topic}`,
    { kind: SpanKind.CONSUMER, attributes: messagingAttributes(topic, 1) },
    traceparent ? contextOf(traceparent) : ROOT_CONTEXT,
    handle,
  );
}

/**
 * inConsumerSpan for a handler that takes many messages at once: its span continues the first traced
 * message's trace and links every other message's, so each purchase's trace still leads to the batch.
 */
export async function inConsumerBatchSpan<Result>(
  topic: string,
  headers: readonly (IHeaders | undefined)[],
  handle: () => Promise<Result>,
): Promise<Result> {
  if (!tracingActive()) return handle();
  const [first, ...others] = headers.flatMap((one) => {
    const traceparent = headerText(one?.traceparent);
    return traceparent ? [contextOf(traceparent)] : [];
  });
  const links = others.flatMap((other) => {
    const spanContext = trace.getSpanContext(other);
    return spanContext ? [{ context: spanContext }] : [];
  });
  return inSpan(
    `process ${topic}`,
    { kind: SpanKind.CONSUMER, attributes: messagingAttributes(topic, headers.length), links },
    first ?? ROOT_CONTEXT,
    handle,
  );
}
