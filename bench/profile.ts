import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
}

export interface ProfileCost {
  name: string;
  selfPercent: number;
}

export interface ProfileSummary {
  file: string;
  /** Self time by function and by package (or project folder), largest first. */
  functions: ProfileCost[];
  areas: ProfileCost[];
}

/** Where a frame's code lives: a package, Node itself, or a folder of this project. */
function areaOf(url: string, root: string): string {
  if (url === '') return '(native / GC / idle)';
  if (url.startsWith('node:')) return 'node internals';
  const inPackage = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inPackage?.[1]) return inPackage[1];
  const path = decodeURIComponent(url.replace(/^file:\/\//, ''));
  return path.startsWith(root) ? path.slice(root.length).split('/').slice(0, 3).join('/') : path;
}

const top = (costs: Map<string, number>, total: number, count: number): ProfileCost[] =>
  [...costs]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, hits]) => ({ name, selfPercent: Math.round((hits / total) * 1_000) / 10 }));

/** Reads the newest `.cpuprofile` in `directory` (node --cpu-prof writes one per process at exit). */
export function summarizeNewestProfile(directory: string, root: string, count = 12): ProfileSummary | null {
  const files = readdirSync(directory)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => join(directory, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  const file = files[0];
  if (!file) return null;
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0 || node.callFrame.functionName === '(idle)') continue;
    total += hits;
    const { functionName, url, lineNumber } = node.callFrame;
    const area = areaOf(url, root);
    const where = url.startsWith('node:') ? url : area;
    const name = `${functionName || '(anonymous)'} ${where}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + hits);
    byArea.set(area, (byArea.get(area) ?? 0) + hits);
  }
  return { file, functions: top(byFunction, total, count), areas: top(byArea, total, count) };
}
