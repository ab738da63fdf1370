import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IHeaders } from 'kafkajs';
import { currentTraceparent, inConsumerBatchSpan, inConsumerSpan, tracingConfigured } from '../src/index.ts';

// This process never starts the SDK: what every service pays when no OTLP endpoint is configured.

test('tracing is on only with an OTLP endpoint, and OTEL_SDK_DISABLED or OTEL_TRACES_EXPORTER=none switch it off', () => {
  const endpoint = 'http://jaeger:4318';
  assert.equal(tracingConfigured({}), false);
  assert.equal(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: '' }), false);
  assert.equal(tracingConfigured({ OTEL_SERVICE_NAME: 'orders' }), false);
  assert.equal(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }), true);
  assert.equal(tracingConfigured({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${endpoint}/v1/traces` }), true);
  assert.equal(
    tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SDK_DISABLED: 'true' }),
    false,
  );
  assert.equal(
    tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SDK_DISABLED: 'false' }),
    true,
  );
  assert.equal(
    tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_TRACES_EXPORTER: 'none' }),
    false,
  );
});

/** Headers that fail the test if anything reads them. */
const untouchable = new Proxy({} as IHeaders, {
  get: () => assert.fail('a message header was read with tracing off'),
  has: () => assert.fail('a message header was looked up with tracing off'),
});

test('without tracing, a consumed message costs no header parsing and an outbox row carries no trace', async () => {
  assert.equal(await inConsumerSpan('order.paid', untouchable, async () => 'handled'), 'handled');
  assert.equal(
    await inConsumerBatchSpan('order.paid', [untouchable, untouchable], async () => 'handled together'),
    'handled together',
  );
  await assert.rejects(
    inConsumerSpan('order.paid', untouchable, async () => {
      throw new Error('handler failed');
    }),
    /handler failed/,
  );
  assert.equal(currentTraceparent(), null);
});
