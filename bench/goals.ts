import type { StockStrategy } from './flash-sale.ts';
import { type FlashMedians, type SaleFigure, salesOf } from './medians.ts';
import type { Route } from './order-routes.ts';
import type { Round } from './rounds.ts';

export interface Goal {
  goal: string;
  status: 'MET' | 'MISSED' | 'NOT MEASURED';
  figures: string;
}

const MIN_DIRECT_ORDERS_PER_SECOND = 3_000;

const figure = (value: number, digits = 1) =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits });

const judged = (goal: string, outcome?: { met: boolean; figures: string }): Goal =>
  outcome
    ? { goal, status: outcome.met ? 'MET' : 'MISSED', figures: outcome.figures }
    : { goal, status: 'NOT MEASURED', figures: '' };

/** The goals of the flash sale, judged on the medians of the rounds (oversold and the checker on every sale). */
export function evaluateGoals(medians: FlashMedians, rounds: readonly Round[]): Goal[] {
  const median = (route: Route, strategy: StockStrategy, name: SaleFigure) =>
    medians.sales[route][strategy]?.[name].median;
  const faster = (route: Route, other: StockStrategy, factor: number, goal: string): Goal => {
    const lua = median(route, 'lua', 'ordersPerSecond');
    const slower = median(route, other, 'ordersPerSecond');
    if (lua === undefined || slower === undefined) return judged(goal);
    const ratio = lua / Math.max(slower, 0.1);
    return judged(goal, {
      met: ratio >= factor,
      figures: `×${figure(ratio)} (${figure(lua)} vs ${figure(slower)} orders/s)`,
    });
  };

  const reads = medians.reads.gateway;
  const luaGateway = median('gateway', 'lua', 'ordersPerSecond');
  const soldOutP99 = median('gateway', 'lua', 'soldOutP99');
  const luaDirect = median('direct', 'lua', 'ordersPerSecond');
  const bareWrite = medians.bareWrite.requestsPerSecond.median;
  const sales = salesOf(rounds);
  const oversold = sales.reduce((sum, sale) => sum + sale.oversold, 0);
  const clean = sales.filter((sale) => sale.violations.length === 0).length;
  const share = (orders: number) => orders / Math.max(reads.requestsPerSecond.median, 1);

  return [
    judged(
      '(a) lua orders/s through the gateway ≥ 80 % of product(id) reads/s through the gateway',
      luaGateway === undefined
        ? undefined
        : {
            met: share(luaGateway) >= 0.8,
            figures: `${figure(share(luaGateway) * 100, 0)} % (${figure(luaGateway)} orders/s vs ${figure(reads.requestsPerSecond.median, 0)} reads/s); the bare write (as fast as any buy could go here) is ${figure(share(bareWrite) * 100, 0)} %`,
          },
    ),
    faster('gateway', 'db-lock', 3, '(b) lua ≥ 3× db-lock, orders/s through the gateway'),
    faster('gateway', 'redlock', 5, '(b) lua ≥ 5× redlock, orders/s through the gateway'),
    judged(
      '(c) lua sold-out p99 ≤ product(id) p99, through the gateway',
      soldOutP99 === undefined || Number.isNaN(soldOutP99)
        ? undefined
        : {
            met: soldOutP99 <= reads.p99.median,
            figures: `${figure(soldOutP99)} ms vs ${figure(reads.p99.median)} ms`,
          },
    ),
    judged(
      '(d) 0 oversold and the consistency checker clean after every sale',
      sales.length === 0
        ? undefined
        : {
            met: oversold === 0 && clean === sales.length,
            figures: `${oversold} oversold, checker clean after ${clean}/${sales.length} sales`,
          },
    ),
    judged(
      `(e) lua straight to orders ≥ ${figure(MIN_DIRECT_ORDERS_PER_SECOND)} orders/s`,
      luaDirect === undefined
        ? undefined
        : { met: luaDirect >= MIN_DIRECT_ORDERS_PER_SECOND, figures: `${figure(luaDirect)} orders/s` },
    ),
    faster('direct', 'db-lock', 10, '(e) lua ≥ 10× db-lock, orders/s straight to orders'),
  ];
}
