import { readdirSync, readFileSync } from 'node:fs';
import type { Platform } from '../test/support/platform.ts';

/** CPU time (ms) each process spent over one sale, by name: the services, the infrastructure, the bench itself. */
export type CpuShare = Record<string, number>;

/** Processes of the machine's infrastructure, found by their command line. */
const INFRA: [name: string, pattern: RegExp][] = [
  ['mysql', /(?:^|\/)(?:mariadbd|mysqld)\b/],
  ['kafka', /kafka\.Kafka\b/],
  ['redis', /redis-server 127\.0\.0\.1:6379/],
  ['maildev', /maildev/],
];

const SERVICE_NAMES = ['gateway', 'orders', 'payments', 'users', 'catalog'] as const;

/** /proc's clock ticks per second (USER_HZ), 100 on Linux. */
const TICK_MS = 10;

/** User and system ticks of a process so far; one that is gone counts none. */
function ticksOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces): state is the 3rd, utime the 14th, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

function infraPids(): Map<string, number[]> {
  const found = new Map<string, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let command: string;
    try {
      command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      continue;
    }
    const match = INFRA.find(([, pattern]) => pattern.test(command));
    if (match) found.set(match[0], [...(found.get(match[0]) ?? []), Number(entry)]);
  }
  return found;
}

/** The platform's five services by name, with their pids. */
export function servicePids(platform: Platform): Record<string, number | undefined> {
  return Object.fromEntries(SERVICE_NAMES.map((service) => [service, platform.pidOf(service)]));
}

/**
 * Starts counting the infrastructure, the bench and the given processes (pids by name); the returned
 * function gives each one's CPU ms since then.
 */
export function startCpuShare(processes: Record<string, number | undefined>): () => CpuShare {
  const pids = infraPids();
  for (const [name, pid] of Object.entries(processes)) if (pid !== undefined) pids.set(name, [pid]);
  const ticks = () =>
    new Map([...pids].map(([name, ids]) => [name, ids.reduce((sum, pid) => sum + ticksOf(pid), 0)]));
  const before = ticks();
  const benchBefore = process.cpuUsage();
  return () => {
    const after = ticks();
    const share: CpuShare = {};
    for (const [name, count] of after) share[name] = (count - (before.get(name) ?? 0)) * TICK_MS;
    const bench = process.cpuUsage(benchBefore);
    share.bench = Math.round((bench.user + bench.system) / 1_000);
    return share;
  };
}

/** Each process's CPU per accepted order (or any unit of work), in µs, largest first, with the total. */
export function cpuPerOrder(share: CpuShare, orders: number): [name: string, microseconds: number][] {
  const per = Object.entries(share)
    .map(([name, ms]): [string, number] => [name, Math.round((ms * 1_000) / Math.max(orders, 1))])
    .sort((a, b) => b[1] - a[1]);
  return [...per, ['total', per.reduce((sum, [, us]) => sum + us, 0)]];
}
