/**
 * The `--import` hook every service starts with (`node --import @fcfs/shared/register-tracing <entry>`): it
 * runs before the service's modules load, which the instrumentations need to wrap mysql2, ioredis, graphql
 * and the HTTP stacks. Without an OTLP endpoint it loads nothing.
 */
import { tracingConfigured } from './tracing-config.ts';

if (tracingConfigured(process.env)) await import('./start-sdk.ts');
