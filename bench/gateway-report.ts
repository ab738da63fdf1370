import type { GatewaysCell, GatewaysRun } from './gateway-comparison.ts';
import { OPERATIONS, type Operation, TARGETS, type Target } from './gateway-requests.ts';
import { overRounds } from './medians.ts';
import { cell, number, say, table } from './report.ts';

const OPERATION_TITLES: Record<Operation, string> = {
  product: 'product(id)',
  myOrders: 'me { orders } (token)',
  placeOrder: 'placeOrder',
};

const TARGET_TITLES: Record<Target, string> = { ours: 'ours', hive: 'Hive', direct: 'direct' };

export function printGateways(run: GatewaysRun): void {
  const { settings, cells } = run;
  const find = (operation: Operation, connections: number, target: Target): GatewaysCell | undefined =>
    cells.find(
      (item) => item.operation === operation && item.connections === connections && item.target === target,
    );
  const rows = (figure: (item: GatewaysCell) => string) =>
    OPERATIONS.flatMap((operation) =>
      settings.connections.map((connections) => [
        OPERATION_TITLES[operation],
        String(connections),
        ...TARGETS.map((target) => {
          const item = find(operation, connections, target);
          return item ? figure(item) : '–';
        }),
      ]),
    );
  const titles = TARGETS.map((target) => TARGET_TITLES[target]);
  say();
  say(
    `gateways: ours (${settings.gatewayWorkers} worker${settings.gatewayWorkers === 1 ? '' : 's'}) vs Hive Gateway vs the subgraph called directly (signed), ${settings.seconds} s per run after ${settings.warmupSeconds} s warm-up; ${overRounds(settings.rounds)}`,
  );
  say(
    'direct: catalog for product(id), orders for placeOrder; none for me { orders }, which four subgraphs answer',
  );
  say();
  say('throughput, req/s');
  const throughput = rows((item) => cell(item.requestsPerSecond));
  table([
    ['operation', 'conn', ...titles, 'ours ÷ Hive'],
    ...throughput.map((row, index) => {
      const operation = OPERATIONS[Math.floor(index / settings.connections.length)] as Operation;
      const connections = settings.connections[index % settings.connections.length] ?? 0;
      const ours = find(operation, connections, 'ours')?.requestsPerSecond.median;
      const hive = find(operation, connections, 'hive')?.requestsPerSecond.median;
      return [...row, ours !== undefined && hive ? number(Math.round((ours / hive) * 100) / 100) : '–'];
    }),
  ]);
  for (const [label, pick] of [
    ['p50', (item: GatewaysCell) => item.p50],
    ['p99', (item: GatewaysCell) => item.p99],
  ] as const) {
    say();
    say(`latency ${label}, ms`);
    table([['operation', 'conn', ...titles], ...rows((item) => cell(pick(item)))]);
  }
  const failed = cells.filter((item) => item.failures > 0);
  say();
  say(
    failed.length === 0
      ? 'failed requests: none'
      : `failed requests: ${failed.map((item) => `${OPERATION_TITLES[item.operation]} ${item.connections} ${TARGET_TITLES[item.target]}: ${item.failures}`).join('; ')}`,
  );
}
