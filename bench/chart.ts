import { writeFileSync } from 'node:fs';
import type { StockStrategy } from './flash-sale.ts';
import { type FlashMedians, overRounds, type SaleFigure } from './medians.ts';
import { ROUTES, type Route } from './order-routes.ts';
import { RESULTS_DIR } from './results.ts';
import type { Spread } from './stats.ts';

const WIDTH = 760;
const PANEL_HEIGHT = 230;
const BAR_WIDTH = 70;
const GROUP_WIDTH = 230;
const COLORS: Record<Route, string> = { gateway: '#2b6cb0', direct: '#2f855a' };
const ROUTE_LABELS: Record<Route, string> = { gateway: 'through the gateway', direct: 'straight to orders' };

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const label = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 1 });
const finite = (value: number) => (Number.isFinite(value) ? value : 0);

interface PanelSpec {
  title: string;
  figure: SaleFigure;
  unit: string;
  /** The product(id) figure through the gateway, drawn as a dashed line across the panel. */
  reference: { value: number; text: string };
}

/** Bars per strategy, one per route, at the median of the rounds; a whisker spans the lowest to the highest round. */
function panel(medians: FlashMedians, strategies: readonly StockStrategy[], spec: PanelSpec, top: number) {
  const spreadOf = (strategy: StockStrategy, route: Route): Spread | undefined =>
    medians.sales[route][strategy]?.[spec.figure];
  const max = Math.max(
    spec.reference.value,
    ...strategies.flatMap((strategy) => ROUTES.map((route) => finite(spreadOf(strategy, route)?.max ?? 0))),
    1,
  );
  const plotTop = top + 50;
  const plotHeight = PANEL_HEIGHT - 90;
  const y = (value: number) => plotTop + plotHeight - (finite(value) / max) * plotHeight;
  const bars = strategies.flatMap((strategy, group) => {
    const left = 110 + group * GROUP_WIDTH;
    const groupLabel = `<text x="${left + BAR_WIDTH}" y="${plotTop + plotHeight + 18}" text-anchor="middle">${escapeXml(strategy)}</text>`;
    return [
      groupLabel,
      ...ROUTES.flatMap((route, index) => {
        const spread = spreadOf(strategy, route);
        if (!spread) return [];
        const x = left + index * (BAR_WIDTH + 4);
        const middle = x + BAR_WIDTH / 2;
        const barTop = y(spread.median);
        return [
          `<rect x="${x}" y="${barTop.toFixed(1)}" width="${BAR_WIDTH}" height="${(plotTop + plotHeight - barTop).toFixed(1)}" fill="${COLORS[route]}"/>`,
          `<line x1="${middle}" y1="${y(spread.min).toFixed(1)}" x2="${middle}" y2="${y(spread.max).toFixed(1)}" stroke="#222"/>`,
          `<text x="${middle}" y="${(y(spread.max) - 6).toFixed(1)}" text-anchor="middle" font-size="11">${escapeXml(label(spread.median))}</text>`,
        ];
      }),
    ];
  });
  const referenceY = y(spec.reference.value).toFixed(1);
  return [
    `<text x="20" y="${top + 22}" font-weight="bold">${escapeXml(spec.title)}</text>`,
    `<line x1="100" y1="${plotTop + plotHeight}" x2="${WIDTH - 20}" y2="${plotTop + plotHeight}" stroke="#999"/>`,
    ...bars,
    `<line x1="100" y1="${referenceY}" x2="${WIDTH - 20}" y2="${referenceY}" stroke="#c05621" stroke-dasharray="6 4"/>`,
    `<text x="${WIDTH - 20}" y="${Number(referenceY) - 4}" text-anchor="end" fill="#c05621" font-size="11">${escapeXml(`${spec.reference.text}: ${label(spec.reference.value)} ${spec.unit}`)}</text>`,
  ].join('\n');
}

/** bench/results/strategies.svg: accepted orders/s and accepted p99 per STOCK_STRATEGY and route, hand-drawn. */
export function writeStrategyChart(
  medians: FlashMedians,
  strategies: readonly StockStrategy[],
  caption: string,
): string {
  const height = PANEL_HEIGHT * 2 + 70;
  const reads = medians.reads.gateway;
  const legend = ROUTES.map(
    (route, index) =>
      `<rect x="${20 + index * 200}" y="${height - 52}" width="12" height="12" fill="${COLORS[route]}"/><text x="${38 + index * 200}" y="${height - 42}">${ROUTE_LABELS[route]}</text>`,
  );
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    panel(
      medians,
      strategies,
      {
        title: `Accepted orders per second, higher is better; ${overRounds(medians.rounds)}`,
        figure: 'ordersPerSecond',
        unit: '/s',
        reference: { value: reads.requestsPerSecond.median, text: 'product(id) through the gateway' },
      },
      0,
    ),
    panel(
      medians,
      strategies,
      {
        title: `placeOrder p99 of accepted orders, ms, lower is better; ${overRounds(medians.rounds)}`,
        figure: 'acceptedP99',
        unit: 'ms',
        reference: { value: reads.p99.median, text: 'product(id) p99 through the gateway' },
      },
      PANEL_HEIGHT,
    ),
    ...legend,
    `<text x="20" y="${height - 16}" fill="#555" font-size="11">${escapeXml(caption)}</text>`,
    '</svg>',
    '',
  ].join('\n');
  const file = `${RESULTS_DIR}strategies.svg`;
  writeFileSync(file, svg);
  return file;
}
