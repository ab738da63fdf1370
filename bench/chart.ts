import { writeFileSync } from 'node:fs';
import type { FlashSaleResult } from './flash-sale.ts';
import { RESULTS_DIR } from './results.ts';

const WIDTH = 720;
const PANEL_HEIGHT = 210;
const BAR_WIDTH = 90;
const COLORS = { lua: '#2f855a', redlock: '#c05621', 'db-lock': '#2b6cb0' } as const;

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One panel of bars, one bar per strategy, scaled to the panel's largest value. */
function panel(
  results: FlashSaleResult[],
  title: string,
  value: (result: FlashSaleResult) => number,
  unit: string,
  top: number,
) {
  const max = Math.max(...results.map(value), 1);
  const plotTop = top + 40;
  const plotHeight = PANEL_HEIGHT - 80;
  const bars = results.map((result, index) => {
    const height = (value(result) / max) * plotHeight;
    const x = 120 + index * (BAR_WIDTH + 100);
    const y = plotTop + plotHeight - height;
    return [
      `<rect x="${x}" y="${y.toFixed(1)}" width="${BAR_WIDTH}" height="${height.toFixed(1)}" fill="${COLORS[result.strategy]}"/>`,
      `<text x="${x + BAR_WIDTH / 2}" y="${(y - 6).toFixed(1)}" text-anchor="middle">${escapeXml(`${value(result).toLocaleString('en-US')} ${unit}`)}</text>`,
      `<text x="${x + BAR_WIDTH / 2}" y="${plotTop + plotHeight + 18}" text-anchor="middle">${escapeXml(result.strategy)}</text>`,
    ].join('');
  });
  return [
    `<text x="20" y="${top + 22}" font-weight="bold">${escapeXml(title)}</text>`,
    `<line x1="100" y1="${plotTop + plotHeight}" x2="${WIDTH - 40}" y2="${plotTop + plotHeight}" stroke="#999"/>`,
    ...bars,
  ].join('\n');
}

/** bench/results/strategies.svg: successful orders/s and accepted p99 per STOCK_STRATEGY, hand-drawn. */
export function writeStrategyChart(results: FlashSaleResult[], caption: string): string {
  const height = PANEL_HEIGHT * 2 + 50;
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    panel(results, 'Successful orders per second (higher is better)', (result) => result.throughput, '/s', 0),
    panel(
      results,
      'placeOrder p99 of accepted orders, ms (lower is better)',
      (result) => result.p99,
      'ms',
      PANEL_HEIGHT,
    ),
    `<text x="20" y="${height - 16}" fill="#555" font-size="11">${escapeXml(caption)}</text>`,
    '</svg>',
    '',
  ].join('\n');
  const file = `${RESULTS_DIR}strategies.svg`;
  writeFileSync(file, svg);
  return file;
}
