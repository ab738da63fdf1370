import { subgraphSigningKey } from '@fcfs/shared';
import { checkAnswers } from './gateway-answers.ts';
import {
  body,
  type GatewaysContext,
  JSON_HEADERS,
  OPERATIONS,
  type Operation,
  READER_ORDERS,
  requestsFor,
  type Sessions,
  TARGETS,
  type Target,
} from './gateway-requests.ts';
import { type LoadFigures, runLoad } from './load-run.ts';
import type { OrderBook } from './order-book.ts';
import { placeOrderOperation, signedForOrders } from './order-routes.ts';
import { type Spread, spreads } from './stats.ts';

const SETTLE_TIMEOUT_MS = 600_000;

export interface GatewaysSettings {
  connections: number[];
  seconds: number;
  warmupSeconds: number;
  rounds: number;
  /** Our gateway's GATEWAY_WORKERS; Hive runs one process. */
  gatewayWorkers: number;
}

export interface GatewaysMeasurement extends LoadFigures {
  round: number;
  operation: Operation;
  connections: number;
  target: Target;
}

/** One operation at one connection count through one target, over the rounds. */
export interface GatewaysCell {
  operation: Operation;
  connections: number;
  target: Target;
  requestsPerSecond: Spread;
  p50: Spread;
  p99: Spread;
  /** Summed over the rounds. */
  failures: number;
}

export interface GatewaysRun {
  settings: GatewaysSettings;
  measurements: GatewaysMeasurement[];
  cells: GatewaysCell[];
}

/**
 * Until no order of the product awaits its payment (a backlog would spend the next run's CPU); the seconds it
 * took, or null at the timeout. Payments clear about 150 orders/s here, so 10 s of direct placeOrder at 200
 * connections leaves two minutes of them.
 */
async function settlePayments(
  orderBook: OrderBook,
  productId: string,
  timeoutMs = SETTLE_TIMEOUT_MS,
): Promise<number | null> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const statuses = await orderBook.statusesOf(productId);
    if ((statuses.PAYMENT_PENDING ?? 0) === 0) return Math.round((performance.now() - started) / 1_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return null;
}

/** The reader's few orders, placed straight at orders and paid before any measurement. */
export async function placeReaderOrders(context: GatewaysContext): Promise<void> {
  const [reader] = context.buyers;
  if (!reader) throw new Error('no reader');
  const session = context.accounts.session(reader);
  const ordersKey = subgraphSigningKey(context.signingSecret, 'orders');
  for (let placed = 0; placed < READER_ORDERS; placed += 1) {
    const order = placeOrderOperation(context.productId);
    const response = await fetch(context.urls.orders, {
      method: 'POST',
      headers: { ...JSON_HEADERS, ...signedForOrders(ordersKey, session, order) },
      body: body(order),
    });
    const answer = (await response.json()) as { data?: { placeOrder?: { id: string } | null } | null };
    if (!answer.data?.placeOrder) throw new Error(`the reader's order failed: ${JSON.stringify(answer)}`);
  }
  await settlePayments(context.orderBook, context.productId);
}

/** Each round starts with the next target, so no gateway always runs right after the same one. */
const targetsOf = (round: number): Target[] =>
  TARGETS.map((_, index) => TARGETS[(index + round) % TARGETS.length] as Target);

/**
 * Rounds of every operation at every connection count through each target in turn; each run is preceded by a
 * warm-up at the same load, and placeOrder runs wait for their payments before the next one starts.
 */
export async function runGatewayComparison(
  context: GatewaysContext,
  settings: GatewaysSettings,
  step: (what: string) => void,
): Promise<GatewaysRun> {
  const [reader, ...placers] = context.buyers;
  if (!reader || placers.length === 0)
    throw new Error('need a reader and at least one buyer to place orders');
  const sessions = (): Sessions => ({
    reader: context.accounts.session(reader),
    placers: placers.map((buyer) => context.accounts.session(buyer)),
  });
  await checkAnswers(context, sessions());
  const measurements: GatewaysMeasurement[] = [];
  for (let round = 1; round <= settings.rounds; round += 1) {
    for (const operation of OPERATIONS) {
      for (const connections of settings.connections) {
        for (const target of targetsOf(round - 1)) {
          // Signed afresh for each run: a full run outlasts the 15-minute access token.
          const load = requestsFor(context, operation, target, sessions());
          if (!load) continue;
          await runLoad(load, connections, settings.warmupSeconds);
          const figures = await runLoad(load, connections, settings.seconds);
          measurements.push({ round, operation, connections, target, ...figures });
          const failed = figures.failures
            ? `, ${figures.failures} failed (${figures.firstFailure ?? 'no body'})`
            : '';
          step(
            `round ${round} ${operation} ${connections} conn ${target}: ${figures.requestsPerSecond.toFixed(0)} req/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms${failed}`,
          );
          if (operation === 'placeOrder') {
            const settled = await settlePayments(context.orderBook, context.productId);
            step(
              settled === null
                ? `payments still pending after ${SETTLE_TIMEOUT_MS / 1_000} s`
                : `payments settled in ${settled} s`,
            );
          }
        }
      }
    }
  }
  return { settings, measurements, cells: cellsOf(measurements, settings.connections) };
}

function cellsOf(measurements: GatewaysMeasurement[], connectionCounts: number[]): GatewaysCell[] {
  return OPERATIONS.flatMap((operation) =>
    connectionCounts.flatMap((connections) =>
      TARGETS.flatMap((target) => {
        const runs = measurements.filter(
          (run) => run.operation === operation && run.connections === connections && run.target === target,
        );
        if (runs.length === 0) return [];
        const figures = spreads(runs, {
          requestsPerSecond: (run) => run.requestsPerSecond,
          p50: (run) => run.p50,
          p99: (run) => run.p99,
        });
        const failures = runs.reduce((sum, run) => sum + run.failures, 0);
        return [{ operation, connections, target, ...figures, failures }];
      }),
    ),
  );
}
