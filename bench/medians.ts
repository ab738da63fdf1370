import type { Ceiling } from './ceiling.ts';
import type { FlashSaleResult, StockStrategy } from './flash-sale.ts';
import type { LoadRun } from './gateway-overhead.ts';
import type { LoadFigures } from './load-run.ts';
import { ROUTES, type Route } from './order-routes.ts';
import type { Round } from './rounds.ts';
import { type Spread, spreads } from './stats.ts';

export const SALE_FIGURES = {
  ordersPerSecond: (sale: FlashSaleResult) => sale.throughput,
  rejectionsPerSecond: (sale: FlashSaleResult) => sale.rejectionsPerSecond,
  acceptedP50: (sale: FlashSaleResult) => sale.accepted.p50,
  acceptedP95: (sale: FlashSaleResult) => sale.accepted.p95,
  acceptedP99: (sale: FlashSaleResult) => sale.accepted.p99,
  soldOutP50: (sale: FlashSaleResult) => sale.rejected.p50,
  soldOutP95: (sale: FlashSaleResult) => sale.rejected.p95,
  soldOutP99: (sale: FlashSaleResult) => sale.rejected.p99,
  errors: (sale: FlashSaleResult) => sale.errors,
  oversold: (sale: FlashSaleResult) => sale.oversold,
  // A sale whose orders were not all PAID in time ranks above every one that was.
  allPaidSeconds: (sale: FlashSaleResult) =>
    sale.allPaidMs === null ? Number.POSITIVE_INFINITY : sale.allPaidMs / 1_000,
};
export type SaleFigure = keyof typeof SALE_FIGURES;

export const READ_FIGURES = {
  requestsPerSecond: (run: LoadRun) => Math.round(run.requestsPerSecond),
  p50: (run: LoadRun) => run.p50,
  p90: (run: LoadRun) => run.p90,
  p99: (run: LoadRun) => run.p99,
  failures: (run: LoadRun) => run.failures,
};
export type ReadFigure = keyof typeof READ_FIGURES;

const CEILING_FIGURES = {
  reservationsPerSecond: (ceiling: Ceiling) => ceiling.reservationsPerSecond,
  p50: (ceiling: Ceiling) => ceiling.latency.p50,
  p99: (ceiling: Ceiling) => ceiling.latency.p99,
};

const BARE_WRITE_FIGURES = {
  requestsPerSecond: (run: LoadFigures) => run.requestsPerSecond,
  p50: (run: LoadFigures) => run.p50,
  p99: (run: LoadFigures) => run.p99,
  failures: (run: LoadFigures) => run.failures,
};

export const READ_PATHS = ['direct', 'gateway'] as const;
export type ReadPath = (typeof READ_PATHS)[number];

/** Every figure of a run as the median over its rounds, with the lowest and highest round beside it. */
export interface FlashMedians {
  rounds: number;
  sales: Record<Route, Partial<Record<StockStrategy, Record<SaleFigure, Spread>>>>;
  reads: Record<ReadPath, Record<ReadFigure, Spread>>;
  ceiling: Record<keyof typeof CEILING_FIGURES, Spread>;
  bareWrite: Record<keyof typeof BARE_WRITE_FIGURES, Spread>;
}

/** How a figure was drawn from the rounds, for titles. */
export const overRounds = (rounds: number): string =>
  rounds === 1 ? 'one round' : `median of ${rounds} rounds (min–max)`;

export const salesOf = (rounds: readonly Round[]): FlashSaleResult[] =>
  rounds.flatMap((round) => round.turns.flatMap((turn) => ROUTES.map((route) => turn.sales[route])));

export function mediansOf(rounds: readonly Round[], strategies: readonly StockStrategy[]): FlashMedians {
  const sales = salesOf(rounds);
  const byRoute = (route: Route) =>
    Object.fromEntries(
      strategies.map((strategy) => [
        strategy,
        spreads(
          sales.filter((sale) => sale.route === route && sale.strategy === strategy),
          SALE_FIGURES,
        ),
      ]),
    );
  const reads = (path: ReadPath) =>
    spreads(
      rounds.map((round) => round.reads[path]),
      READ_FIGURES,
    );
  return {
    rounds: rounds.length,
    sales: { gateway: byRoute('gateway'), direct: byRoute('direct') },
    reads: { direct: reads('direct'), gateway: reads('gateway') },
    ceiling: spreads(
      rounds.map((round) => round.ceiling),
      CEILING_FIGURES,
    ),
    bareWrite: spreads(
      rounds.map((round) => round.bareWrite),
      BARE_WRITE_FIGURES,
    ),
  };
}
