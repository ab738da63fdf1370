import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import type { Ceiling } from './ceiling.ts';
import type { FlashSaleResult, StockStrategy } from './flash-sale.ts';
import type { GatewayOverhead } from './gateway-overhead.ts';
import type { ProfileSummary } from './profile.ts';
import type { SeedResult } from './seed-scenario.ts';

export const RESULTS_DIR = new URL('./results/', import.meta.url).pathname;
const LATEST = `${RESULTS_DIR}latest.json`;

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  loadAverage1m: number;
}

/** bench/results/latest.json: each section is the latest run that measured it (`pnpm bench` and `--scenario seed` are separate runs). */
export interface LatestResults {
  strategies?: Partial<Record<StockStrategy, FlashSaleResult>>;
  gateway?: GatewayOverhead;
  ceiling?: Ceiling;
  profile?: ProfileSummary | null;
  seed?: Partial<Record<'login' | 'loggedIn', SeedResult>>;
  runs?: Partial<Record<'flash' | 'seed:login' | 'seed:loggedIn', { measuredAt: string; command: string }>>;
  machine?: Machine;
}

export const describeMachine = (): Machine => ({
  cpu: cpus()[0]?.model.trim() ?? 'unknown',
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
});

export function readLatest(): LatestResults {
  return existsSync(LATEST) ? (JSON.parse(readFileSync(LATEST, 'utf8')) as LatestResults) : {};
}

export function writeLatest(results: LatestResults): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(LATEST, `${JSON.stringify(results, null, 2)}\n`);
  return LATEST;
}
