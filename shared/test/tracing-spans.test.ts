import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import {
  currentTraceparent,
  flushTraces,
  inConsumerBatchSpan,
  inConsumerSpan,
  markTracingStarted,
  tracingActive,
} from '../src/tracing/index.ts';

// The consumer side of a Kafka hop with the SDK running in this process, its spans kept in memory.
const exporter = new InMemorySpanExporter();
const processor = new SimpleSpanProcessor({ exporter });
const sdk = new NodeSDK({
  spanProcessors: [processor],
  metricReaders: [],
  logRecordProcessors: [],
});

before(() => {
  sdk.start();
  markTracingStarted(() => sdk.shutdown());
});
after(() => flushTraces());

/** The finished span named `name`, once the processor has handed it to the exporter. */
async function finishedSpan(name: string) {
  await processor.forceFlush();
  const span = exporter.getFinishedSpans().find((one) => one.name === name);
  assert.ok(span, `no span ${name} was recorded`);
  return span;
}

const traceparentIn = (traceId: string) => `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
const parts = (traceparent: string | null) => {
  const [, traceId, spanId] = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(traceparent ?? '') ?? [];
  assert.ok(traceId && spanId, `not a sampled W3C traceparent: ${traceparent}`);
  return { traceId, spanId };
};

test("a message's handler runs in a consumer span continuing the trace of its traceparent header", async () => {
  assert.equal(tracingActive(), true);
  const sent = traceparentIn(randomBytes(16).toString('hex'));
  const inside = await inConsumerSpan('payment.succeeded', { traceparent: Buffer.from(sent) }, async () =>
    currentTraceparent(),
  );

  const span = await finishedSpan('process payment.succeeded');
  assert.equal(span.spanContext().traceId, parts(sent).traceId);
  assert.equal(span.parentSpanContext?.spanId, parts(sent).spanId);
  // What the handler writes to its outbox continues this very span.
  assert.deepEqual(parts(inside), { traceId: parts(sent).traceId, spanId: span.spanContext().spanId });
});

test('a message without a traceparent starts a trace of its own, and a failing handler marks its span', async () => {
  await assert.rejects(
    inConsumerSpan('order.created', undefined, async () => {
      throw new Error('handler failed');
    }),
    /handler failed/,
  );
  const span = await finishedSpan('process order.created');
  assert.equal(span.parentSpanContext, undefined);
  assert.equal(span.status.code, 2);
  assert.equal(span.events[0]?.name, 'exception');
});

test("a batch's span continues the first traced message's trace and links the others'", async () => {
  const [first, second, third] = [0, 1, 2].map(() => traceparentIn(randomBytes(16).toString('hex')));
  await inConsumerBatchSpan(
    'order.paid',
    [
      undefined,
      { traceparent: first },
      { traceparent: [Buffer.from(second as string)] },
      { traceparent: third },
    ],
    async () => undefined,
  );
  const span = await finishedSpan('process order.paid');
  assert.equal(span.spanContext().traceId, parts(first as string).traceId);
  assert.deepEqual(
    span.links.map((link) => link.context.traceId),
    [parts(second as string).traceId, parts(third as string).traceId],
  );
  assert.equal(span.attributes['messaging.batch.message_count'], 4);
});
