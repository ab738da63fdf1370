import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { MySQL2Instrumentation } from '@opentelemetry/instrumentation-mysql2';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { register } from 'import-in-the-middle/register-hooks.mjs';
import { markTracingStarted } from './tracing-state.ts';

/** Only the packages instrumented here go through the ESM hook; every other import loads untouched. */
const INSTRUMENTED = ['mysql2', 'ioredis', 'graphql', /^graphql\//];

register({ include: INSTRUMENTED });

/**
 * Traces only: the exporter, its endpoint, protocol, service name, sampler and batching come from the
 * standard OTEL_* variables. Metrics stay with Prometheus (/metrics), logs with pino.
 */
const sdk = new NodeSDK({
  metricReaders: [],
  logRecordProcessors: [],
  instrumentations: [
    new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => isProbe(request.url) }),
    new UndiciInstrumentation(),
    new GraphQLInstrumentation({ mergeItems: true, ignoreTrivialResolveSpans: true }),
    new MySQL2Instrumentation(),
    new IORedisInstrumentation(),
  ],
});
sdk.start();
markTracingStarted(() => sdk.shutdown());

/** Health, readiness and metrics scrapes arrive every few seconds and say nothing about a purchase. */
function isProbe(url: string | undefined): boolean {
  return url === '/health' || url === '/ready' || url === '/metrics';
}
