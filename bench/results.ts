import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import type { StockStrategy } from './flash-sale.ts';
import type { GatewaysRun } from './gateway-comparison.ts';
import type { Goal } from './goals.ts';
import type { FlashMedians } from './medians.ts';
import type { ProfileSummary } from './profile.ts';
import type { Round } from './rounds.ts';
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

export interface FlashSettings {
  buyers: number;
  stock: number;
  concurrency: number;
  rampSeconds: number;
  warmup: number;
  strategies: StockStrategy[];
  readSeconds: number;
  ceilingSeconds: number;
}

/** A flash run: what every round measured, and the medians and goals drawn from them. */
export interface FlashRun {
  settings: FlashSettings;
  rounds: Round[];
  medians: FlashMedians;
  goals: Goal[];
}

/** bench/results/latest.json: each section is the latest run that measured it (`pnpm bench` and `--scenario seed` are separate runs). */
export interface LatestResults {
  flash?: FlashRun;
  profile?: ProfileSummary | null;
  seed?: Partial<Record<'login' | 'loggedIn', SeedResult>>;
  /** `--scenario gateways`: ours, Hive Gateway and the subgraph called directly. */
  gateways?: GatewaysRun;
  runs?: Partial<
    Record<'flash' | 'seed:login' | 'seed:loggedIn' | 'gateways', { measuredAt: string; command: string }>
  >;
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

/** Only the sections this version writes: those of a file from before the rounds are left behind. */
export function readLatest(): LatestResults {
  if (!existsSync(LATEST)) return {};
  const { flash, profile, seed, gateways, runs, machine } = JSON.parse(
    readFileSync(LATEST, 'utf8'),
  ) as LatestResults;
  return { flash, profile, seed, gateways, runs, machine };
}

export function writeLatest(results: LatestResults): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(LATEST, `${JSON.stringify(results, null, 2)}\n`);
  return LATEST;
}
