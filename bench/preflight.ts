import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { createKafka, createLogger } from '@fcfs/shared';
import { benchPorts, hiveGatewayPort } from './bench-platform.ts';

/** The entry points `pnpm start`, the test suite's platform and the bench itself (and its Hive Gateway) run. */
const FCFS_PROCESS =
  /(subgraphs\/[a-z]+|gateway)\/src\/main\.ts|bench\/(main|hive-gateway-server|bare-write\/[a-z-]+-stand-in)\.ts/;

/**
 * The platform's consumer groups: `catalog`, `orders`, `payments` and `users` (their src/app.ts) and one
 * `gateway-<host>-<uuid>` per gateway replica (gateway/src/subscriptions/order-events.ts). A member left in one
 * would share the topics' partitions with the bench's own consumers, or hold up their rebalance.
 */
const PLATFORM_GROUP = /^(catalog|orders|payments|users|gateway-.+)$/;

interface Finding {
  check: string;
  clear: boolean;
  detail: string;
}

/**
 * FCFS processes that are not this bench's: `ps` lists its own launchers too (`pnpm bench`, `bash -c '…
 * bench/main.ts'`) and, once it runs, the platform it started, so its ancestors and descendants are left out.
 */
export function otherFcfsProcesses(): string[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .flatMap((match) =>
      match ? [{ pid: Number(match[1]), ppid: Number(match[2]), args: match[3] ?? '' }] : [],
    );
  const parentOf = new Map(rows.map((row) => [row.pid, row.ppid]));
  const lineage = (pid: number): number[] => {
    const chain: number[] = [];
    for (let at: number | undefined = pid; at && !chain.includes(at); at = parentOf.get(at)) chain.push(at);
    return chain;
  };
  const ancestors = new Set(lineage(process.pid));
  const ours = (pid: number) => ancestors.has(pid) || lineage(pid).includes(process.pid);
  return rows
    .filter((row) => !ours(row.pid) && FCFS_PROCESS.test(row.args))
    .map((row) => `pid ${row.pid}: ${row.args}`);
}

function fcfsProcesses(): Finding {
  const others = otherFcfsProcesses();
  return {
    check: 'FCFS processes',
    clear: others.length === 0,
    detail: others.length === 0 ? 'none besides this bench' : others.join('; '),
  };
}

const isListening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

async function benchPortsFree(): Promise<Finding> {
  const ports = [...benchPorts(), hiveGatewayPort()];
  const taken: number[] = [];
  for (const port of ports) if (await isListening(port)) taken.push(port);
  return {
    check: `ports ${ports[0]}–${ports.at(-1)}`,
    clear: taken.length === 0,
    detail: taken.length === 0 ? 'free' : `already listening: ${taken.join(', ')}`,
  };
}

async function idleConsumerGroups(): Promise<Finding> {
  const check = 'Kafka consumer groups';
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').map((broker) => broker.trim());
  const admin = createKafka(brokers, 'bench-preflight', createLogger('bench-preflight', 'silent')).admin();
  try {
    await admin.connect();
    const { groups } = await admin.listGroups();
    const ids = groups.map((group) => group.groupId).filter((id) => PLATFORM_GROUP.test(id));
    const described = ids.length === 0 ? [] : (await admin.describeGroups(ids)).groups;
    const busy = described.filter((group) => group.members.length > 0);
    return {
      check,
      clear: busy.length === 0,
      detail:
        busy.length === 0
          ? `none of the platform's ${ids.length} (catalog, orders, payments, users, gateway-*) has members`
          : busy.map((group) => `${group.groupId} has ${group.members.length} member(s)`).join('; '),
    };
  } catch (error) {
    return { check, clear: false, detail: `could not ask Kafka at ${brokers.join(',')}: ${String(error)}` };
  } finally {
    await admin.disconnect();
  }
}

/**
 * Before anything starts: another platform or bench on this machine would share the CPU, the ports or the
 * topics with the one measured. Prints every check; exits 2 if one of them is not clear.
 */
export async function requireIsolation(): Promise<void> {
  const findings = [fcfsProcesses(), await benchPortsFree(), await idleConsumerGroups()];
  for (const { check, clear, detail } of findings)
    process.stdout.write(`preflight: ${check}: ${clear ? 'ok' : 'NOT CLEAR'}, ${detail}\n`);
  if (findings.every((finding) => finding.clear)) return;
  process.stderr.write(
    'bench: refusing to start: stop the processes listed above (pnpm start, pnpm test, an earlier bench) and retry; a crashed consumer leaves its group within 10 s\n',
  );
  process.exit(2);
}
