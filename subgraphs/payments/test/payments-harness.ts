import { randomUUID } from 'node:crypto';
import {
  createEvent,
  createKafka,
  createKafkaPublisher,
  createLogger,
  type EventEnvelope,
  type EventPayload,
  type EventPublisher,
  ensureTopics,
  type Kafka,
  type Logger,
  loadConfig,
  paymentIdKey,
  runMigrations,
} from '@fcfs/shared';
import { requireTestEnv } from '@fcfs/shared/testing';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { type PaymentsApp, startPayments } from '../src/app.ts';
import { type PaymentsConfig, paymentsEnv } from '../src/config.ts';
import { connectPaymentsDatabase, migrationsFolder, type PaymentsDatabase } from '../src/db/client.ts';
import { type PaymentRow, payments, processedEvents, refunds } from '../src/db/schema/index.ts';
import { assembleDependencies } from '../src/dependencies.ts';
import type { PaymentsDependencies } from '../src/domain/payments-dependencies.ts';
import type { ChargeOutcome, PaymentProcessor } from '../src/processor/payment-processor.ts';

/** The key payments derives its ids with, from the same master secret as the app under test. */
export const testPaymentIds = () => paymentIdKey(requireTestEnv('GATEWAY_SIGNING_SECRET'));

export const testLogger = (name: string): Logger => createLogger(name, process.env.LOG_LEVEL ?? 'warn');

export function testConfig(overrides: Record<string, string> = {}): PaymentsConfig {
  const config = loadConfig(paymentsEnv, {
    ...process.env,
    DATABASE_URL: requireTestEnv('PAYMENTS_DATABASE_URL'),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    ...overrides,
  });
  return { ...config, PORT: 0 };
}

/** Test files run in parallel processes: a named lock keeps their migrations from racing. */
export async function migratePaymentsDatabase(): Promise<void> {
  const { db, pool, close } = connectPaymentsDatabase(requireTestEnv('PAYMENTS_DATABASE_URL'), {
    connectionLimit: 1,
  });
  try {
    await pool.query("SELECT GET_LOCK('fcfs_payments_migrations', 60)");
    await runMigrations(db, migrationsFolder);
  } finally {
    await pool.query("SELECT RELEASE_LOCK('fcfs_payments_migrations')");
    await close();
  }
}

/** Kafka access for a test: its own consumer groups (starting at the current end), a publisher, and cleanup. */
export class TestKafka {
  readonly kafka: Kafka;
  private readonly groups: string[] = [];
  private publisher: EventPublisher | undefined;

  constructor(logger: Logger) {
    this.kafka = createKafka(requireTestEnv('KAFKA_BROKERS').split(','), 'payments-test', logger);
  }

  /** A fresh consumer group for one app: it starts at the end of every topic, so it sees only new events. */
  newGroup(): string {
    const groupId = `payments-test-${randomUUID()}`;
    this.groups.push(groupId);
    return groupId;
  }

  async produce(...events: EventEnvelope[]): Promise<void> {
    this.publisher ??= await createKafkaPublisher(this.kafka);
    await this.publisher.publish(events);
  }

  async close(): Promise<void> {
    await this.publisher?.close();
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.deleteGroups(this.groups).catch(() => undefined);
    } finally {
      await admin.disconnect();
    }
  }
}

/**
 * Starts the real app on a free port with its own consumer group, and returns once that group's first fetch
 * is done: from then on every produced event reaches it (a new group starts at the end of each topic).
 */
export async function startTestPayments(
  testKafka: TestKafka,
  overrides: Record<string, string> = {},
): Promise<PaymentsApp> {
  await ensureTopics(testKafka.kafka);
  const app = await startPayments(testConfig(overrides), testLogger('payments-test'), {
    groupId: testKafka.newGroup(),
    fromBeginning: false,
  });
  await new Promise<void>((resolve) => {
    const stopListening = app.consumer.on(app.consumer.events.FETCH, () => {
      stopListening();
      resolve();
    });
  });
  return app;
}

/**
 * These events go through the real Kafka topics, where catalog's consumer group also reads them: a product id
 * catalog cannot have keeps them from moving the stock of a real (seeded) product.
 */
const NOT_A_CATALOG_PRODUCT = 'payments-test-product';

export function orderCreated(
  overrides: Partial<EventPayload<'order.created'>> = {},
): EventEnvelope<'order.created'> {
  const orderId = overrides.orderId ?? `order-${randomUUID()}`;
  return createEvent('order.created', orderId, {
    orderId,
    userId: 'buyer-1',
    items: [{ productId: NOT_A_CATALOG_PRODUCT, quantity: 2, unitPrice: 15_000 }],
    totalPrice: 30_000,
    paymentMethod: 'card',
    ...overrides,
  });
}

export function orderCancelled(orderId: string, wasPaid: boolean, userId = 'buyer-1') {
  return createEvent('order.cancelled', orderId, {
    orderId,
    userId,
    items: [{ productId: NOT_A_CATALOG_PRODUCT, quantity: 2 }],
    wasPaid,
  });
}

export function orderReturned(orderId: string, userId = 'buyer-1') {
  return createEvent('order.returned', orderId, {
    orderId,
    userId,
    items: [{ productId: NOT_A_CATALOG_PRODUCT, quantity: 2 }],
  });
}

/** A copy with a new event id: the same fact announced twice, as a producer retry after a crash would. */
export const reannounced = <Event extends EventEnvelope>(event: Event): Event => ({
  ...event,
  eventId: randomUUID(),
});

export async function waitFor<Value>(
  what: string,
  probe: () => Promise<Value | undefined>,
  timeoutMs = 20_000,
): Promise<Value> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Read-side helpers over the payments database. */
export class PaymentsProbe {
  readonly db: PaymentsDatabase;
  private readonly close_: () => Promise<void>;

  constructor() {
    const handle = connectPaymentsDatabase(requireTestEnv('PAYMENTS_DATABASE_URL'), { connectionLimit: 4 });
    this.db = handle.db;
    this.close_ = handle.close;
  }

  async paymentsOf(orderId: string): Promise<PaymentRow[]> {
    return this.db.select().from(payments).where(eq(payments.orderId, orderId));
  }

  async payment(orderId: string): Promise<PaymentRow | undefined> {
    const rows = await this.paymentsOf(orderId);
    return rows[0];
  }

  /** Waits until the order's payment is in one of `statuses`. */
  waitForStatus(orderId: string, ...statuses: PaymentRow['status'][]): Promise<PaymentRow> {
    return waitFor(`payment of ${orderId} to be ${statuses.join('/')}`, async () => {
      const row = await this.payment(orderId);
      return row && statuses.includes(row.status) ? row : undefined;
    });
  }

  waitForProcessed(...events: EventEnvelope[]): Promise<true> {
    return waitFor(`events ${events.map((event) => event.type).join(', ')} to be processed`, async () => {
      const rows = await this.db
        .select({ eventId: processedEvents.eventId })
        .from(processedEvents)
        .where(
          and(
            eq(processedEvents.consumer, 'payments'),
            inArray(
              processedEvents.eventId,
              events.map((event) => event.eventId),
            ),
          ),
        );
      const seen = new Set(rows.map((row) => row.eventId));
      return events.every((event) => seen.has(event.eventId)) ? true : undefined;
    });
  }

  /** The events payments wrote to its outbox for an order, oldest first: type and payload. */
  async eventsFor(orderId: string): Promise<{ type: string; data: unknown }[]> {
    const [rows] = (await this.db.execute(
      sql`SELECT envelope FROM outbox WHERE JSON_VALUE(envelope, '$.key') = ${orderId} ORDER BY id`,
    )) as unknown as [{ envelope: string | EventEnvelope }[]];
    return rows.map((row) => {
      const envelope =
        typeof row.envelope === 'string' ? (JSON.parse(row.envelope) as EventEnvelope) : row.envelope;
      return { type: envelope.type, data: envelope.data };
    });
  }

  async refundsOf(paymentId: string) {
    return this.db.select().from(refunds).where(eq(refunds.paymentId, paymentId));
  }

  close(): Promise<void> {
    return this.close_();
  }
}

/** Dependencies without Kafka or HTTP, for driving the domain verbs directly against the real database. */
export function directDependencies(
  processor: PaymentProcessor,
  { onQuery }: { onQuery?: (sql: string) => void } = {},
): PaymentsDependencies & { close: () => Promise<void>; stop: AbortController } {
  const handle = connectPaymentsDatabase(requireTestEnv('PAYMENTS_DATABASE_URL'), onQuery ? { onQuery } : {});
  const stop = new AbortController();
  const deps = assembleDependencies({
    db: handle.db,
    processor,
    logger: testLogger('payments-test'),
    paymentIds: testPaymentIds(),
    eventsEnqueued: () => undefined,
    shutdown: stop.signal,
  });
  return { ...deps, stop, close: handle.close };
}

/** A processor the test answers by hand: each charge waits until `settle` is called. */
export function manualProcessor(outcome: ChargeOutcome = { ok: true }) {
  const calls = { charges: 0, refunds: 0 };
  let settle: () => void = () => undefined;
  const answered = new Promise<void>((resolve) => {
    settle = resolve;
  });
  const processor: PaymentProcessor = {
    async charge() {
      calls.charges += 1;
      await answered;
      return outcome;
    },
    async refund() {
      calls.refunds += 1;
    },
  };
  return { processor, calls, settle };
}

/** A processor that answers at once and counts its calls. */
export function instantProcessor(outcome: ChargeOutcome = { ok: true }) {
  const manual = manualProcessor(outcome);
  manual.settle();
  return manual;
}
