// Consumer throughput: a backlog of order.created events in Kafka, then a fresh payments consumer drains it.
// Prints payments brought to a final state per second. Run with the local platform's env loaded:
//   set -a; source .infra/local.env; set +a; node subgraphs/payments/bench/consumer-throughput.ts
// BENCH_EVENTS (5000), PAYMENT_LATENCY_MS (5), PAYMENT_FAILURE_RATE (0.2), PAYMENT_CONCURRENCY tune the run.
import { randomUUID } from 'node:crypto';
import {
  createEvent,
  createKafka,
  createKafkaPublisher,
  createLogger,
  ensureTopics,
  loadConfig,
  runMigrations,
  topicOf,
} from '@fcfs/shared';
import { and, count, inArray, like, max, min, sql } from 'drizzle-orm';
import { startPayments } from '../src/app.ts';
import { paymentsEnv } from '../src/config.ts';
import { connectPaymentsDatabase, migrationsFolder } from '../src/db/client.ts';
import { outbox, payments } from '../src/db/schema/index.ts';

const total = Number(process.env.BENCH_EVENTS ?? 5_000);
const env = process.env;
const config = {
  ...loadConfig(paymentsEnv, {
    ...env,
    DATABASE_URL: env.DATABASE_URL ?? env.PAYMENTS_DATABASE_URL,
    PAYMENT_LATENCY_MS: env.PAYMENT_LATENCY_MS ?? '5',
    LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
  }),
  PORT: 0,
};
const logger = createLogger('payments-bench', config.LOG_LEVEL);
const run = `bench-${randomUUID().slice(0, 8)}`;

const database = connectPaymentsDatabase(config.DATABASE_URL, { connectionLimit: 2 });
await runMigrations(database.db, migrationsFolder);
const kafka = createKafka(config.KAFKA_BROKERS, 'payments-bench', logger);
await ensureTopics(kafka);

// The new group starts where the backlog starts, so it drains exactly the events produced below.
const groupId = `payments-bench-${run}`;
const topic = topicOf('order.created');
const admin = kafka.admin();
await admin.connect();
const backlogStart = await admin.fetchTopicOffsets(topic);

const publisher = await createKafkaPublisher(kafka);
const events = Array.from({ length: total }, (_, n) => {
  const orderId = `${run}-${n}`;
  return createEvent('order.created', orderId, {
    orderId,
    userId: `buyer-${n % 500}`,
    items: [{ productId: 'payments-bench-product', quantity: 1, unitPrice: 10_000 }],
    totalPrice: 10_000,
    paymentMethod: n % 50 === 0 ? 'decline' : 'card',
  });
});
for (let start = 0; start < events.length; start += 500)
  await publisher.publish(events.slice(start, start + 500));
await publisher.close();
await admin.setOffsets({
  groupId,
  topic,
  partitions: backlogStart.map(({ partition, offset }) => ({ partition, offset })),
});
await admin.disconnect();
process.stdout.write(`produced ${total} order.created events (${run}); starting the consumer\n`);

const ofRun = like(payments.orderId, `${run}-%`);
const finished = async () => {
  const [row] = await database.db
    .select({ done: count() })
    .from(payments)
    .where(and(ofRun, inArray(payments.status, ['SUCCEEDED', 'FAILED'])));
  return row?.done ?? 0;
};

const started = performance.now();
const app = await startPayments(config, logger, { groupId, fromBeginning: false });
let done = 0;
while (done < total) {
  await new Promise((resolve) => setTimeout(resolve, 100));
  done = await finished();
  if (performance.now() - started > 600_000) break;
}
const wallSeconds = (performance.now() - started) / 1_000;
await app.stop();

const [span] = await database.db
  .select({ first: min(payments.createdAt), last: max(payments.completedAt) })
  .from(payments)
  .where(ofRun);
const drainSeconds =
  span?.first && span.last ? (span.last.getTime() - span.first.getTime()) / 1_000 : Number.NaN;
// Exactly-once check: one announcing event per payment, no more.
const [announced] = await database.db
  .select({ events: count() })
  .from(outbox)
  .where(sql`JSON_VALUE(${outbox.envelope}, '$.key') LIKE ${`${run}-%`}`);
await database.close();

const report = {
  events: total,
  finalPayments: done,
  announcedEvents: announced?.events ?? 0,
  latencyMs: config.PAYMENT_LATENCY_MS,
  concurrency: config.PAYMENT_CONCURRENCY,
  wallSeconds: Number(wallSeconds.toFixed(2)),
  drainSeconds: Number(drainSeconds.toFixed(2)),
  paymentsPerSecondWall: Math.round(done / wallSeconds),
  paymentsPerSecondDrain: Math.round(done / drainSeconds),
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(
  `payments/s: ${report.paymentsPerSecondDrain} (first payment opened → last completed); ` +
    `${report.paymentsPerSecondWall} including consumer start-up\n`,
);
process.exit(done === total && report.announcedEvents === total ? 0 : 1);
