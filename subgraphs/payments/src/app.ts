import {
  ConsumerMetrics,
  createMetricsRegistry,
  GroupMembership,
  type Logger,
  paymentIdKey,
  type Registry,
  type RunningServer,
  ShutdownSequence,
  serveGraphQL,
  startServiceEventing,
  subgraphReadiness,
} from '@fcfs/shared';
import type { Consumer } from 'kafkajs';
import type { PaymentsConfig } from './config.ts';
import { createContextFactory } from './context.ts';
import { connectPaymentsDatabase } from './db/client.ts';
import { assembleDependencies } from './dependencies.ts';
import type { PaymentsDependencies } from './domain/payments-dependencies.ts';
import { resumeUnfinishedPayments } from './domain/resume-payments.ts';
import { runBatchConsumer } from './events/batch-consumer.ts';
import { paymentsEventHandling } from './events/handlers.ts';
import { createLimiter } from './limiter.ts';
import { createPaymentsMetrics } from './metrics.ts';
import { createSimulatedProcessor } from './processor/simulated-processor.ts';
import { createPaymentsServer } from './server.ts';

export interface PaymentsApp {
  deps: PaymentsDependencies;
  consumer: Consumer;
  metrics: Registry;
  server: RunningServer;
  /** Settles when the payments left unfinished by an earlier run are final (or the app stops). */
  resumed: Promise<number>;
  /** The service's stop, step by step; `stop()` runs it. */
  shutdown: ShutdownSequence;
  stop: () => Promise<void>;
}

export interface PaymentsAppOptions {
  /** Tests use their own group so they see only the events they produce. */
  groupId?: string;
  fromBeginning?: boolean;
}

/** The whole payments service: GraphQL, the order-event consumer, the outbox relay and the resume at start. */
export async function startPayments(
  config: PaymentsConfig,
  logger: Logger,
  { groupId = 'payments', fromBeginning = true }: PaymentsAppOptions = {},
): Promise<PaymentsApp> {
  const database = connectPaymentsDatabase(config.DATABASE_URL);
  const metrics = createMetricsRegistry('payments');
  const eventing = await startServiceEventing({
    brokers: config.KAFKA_BROKERS,
    clientId: 'payments',
    db: database.db,
    logger,
    metrics,
  });
  const stopping = new AbortController();

  const deps: PaymentsDependencies = assembleDependencies({
    db: database.db,
    processor: createSimulatedProcessor({
      failureRate: config.PAYMENT_FAILURE_RATE,
      latencyMs: config.PAYMENT_LATENCY_MS,
      seed: config.PAYMENT_RANDOM_SEED,
    }),
    logger,
    paymentIds: paymentIdKey(config.GATEWAY_SIGNING_SECRET),
    eventsEnqueued: () => eventing.relay.notify(),
    shutdown: stopping.signal,
    metrics: createPaymentsMetrics(metrics),
  });
  const limit = createLimiter(config.PAYMENT_CONCURRENCY);

  const resumed = resumeUnfinishedPayments(deps, limit).catch((error: unknown) => {
    if (!stopping.signal.aborted) logger.error({ err: error }, 'resuming unfinished payments failed');
    return 0;
  });
  const membership = new GroupMembership();
  const consumer = await runBatchConsumer({
    kafka: eventing.kafka,
    groupId,
    ...paymentsEventHandling(deps),
    logger,
    fromBeginning,
    limit,
    stopping: stopping.signal,
    metrics: new ConsumerMetrics(metrics),
    membership,
  });
  const server = await serveGraphQL({
    apollo: createPaymentsServer(logger),
    context: createContextFactory(deps, config.GATEWAY_SIGNING_SECRET),
    port: config.PORT,
    logger,
    metrics,
    readinessChecks: subgraphReadiness({
      pool: database.pool,
      producerReady: eventing.producerReady,
      membership,
    }),
  });

  const stopSequence = new ShutdownSequence(logger)
    .add('payments in flight', () => stopping.abort())
    .add('http server', () => server.close(config.SHUTDOWN_TIMEOUT / 2))
    .add('kafka consumer', () => consumer.disconnect())
    .add('resume of unfinished payments', () => resumed)
    .add('outbox relay', eventing.close)
    .add('mysql pool', database.close);

  return {
    deps,
    consumer,
    metrics,
    server,
    resumed,
    shutdown: stopSequence,
    stop: () => stopSequence.run(),
  };
}
