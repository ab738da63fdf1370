import type { Ceiling } from './ceiling.ts';
import type { FlashSaleResult } from './flash-sale.ts';
import type { GatewayOverhead } from './gateway-overhead.ts';
import type { ProfileSummary } from './profile.ts';
import { SEED_FIGURES, SEED_STEPS, type SeedResult } from './seed-scenario.ts';

const say = (line = '') => process.stdout.write(`${line}\n`);

function table(rows: string[][]): void {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  for (const row of rows) say(row.map((cell, column) => cell.padStart(widths[column] ?? 0)).join('  '));
}

const ms = (value: number | null | undefined) =>
  value === null || value === undefined || Number.isNaN(value) ? '–' : String(value);

export function printFlashSales(results: FlashSaleResult[]): void {
  const [first] = results;
  if (!first) return;
  say(
    `\nFlash sale through the gateway: ${first.buyers} buyers, ${first.stock} units, ${first.concurrency} concurrent`,
  );
  table([
    [
      'strategy',
      'orders/s',
      'rejects/s',
      'ok p50',
      'ok p95',
      'ok p99',
      'rej p50',
      'rej p95',
      'rej p99',
      'sold',
      'oversold',
      'errors',
      'all PAID',
    ],
    ...results.map((r) => [
      r.strategy,
      String(r.throughput),
      String(r.rejectionsPerSecond),
      ms(r.p50),
      ms(r.p95),
      ms(r.p99),
      ms(r.rejected.p50),
      ms(r.rejected.p95),
      ms(r.rejected.p99),
      `${r.sold}/${r.stock}`,
      String(r.oversold),
      String(r.errors),
      r.allPaidMs === null ? 'timeout' : `${(r.allPaidMs / 1_000).toFixed(1)} s`,
    ]),
  ]);
  say('latencies in ms; "all PAID" counts from the first request of the sale');
  for (const r of results.filter((result) => result.errors > 0))
    say(`${r.strategy} errors: ${JSON.stringify(r.errorCodes)}, e.g. ${JSON.stringify(r.errorSamples)}`);
}

export function printOverhead(overhead: GatewayOverhead): void {
  say(
    `\nGateway overhead, product(id), ${overhead.connections} connections, ${overhead.seconds} s each (autocannon)`,
  );
  table([
    ['path', 'p50', 'p90', 'p99', 'req/s', 'failures'],
    ...(
      [
        ['catalog directly (signed)', overhead.direct],
        ['through the gateway', overhead.gateway],
      ] as const
    ).map(([label, run]) => [
      label,
      String(run.p50),
      String(run.p90),
      String(run.p99),
      run.requestsPerSecond.toFixed(0),
      String(run.failures),
    ]),
  ]);
  say(
    `gateway / direct: p50 ×${overhead.medianFactor}, p99 ×${overhead.p99Factor}, throughput ×${overhead.throughputFactor}`,
  );
}

export function printCeiling(ceiling: Ceiling): void {
  say(
    `\nCeiling: the reservation Lua script alone (StockCounters.reserve, ${ceiling.concurrency} in flight, ${ceiling.seconds} s)`,
  );
  say(
    `${ceiling.reservationsPerSecond} reservations/s, p50 ${ceiling.latency.p50} ms, p95 ${ceiling.latency.p95} ms, p99 ${ceiling.latency.p99} ms (${ceiling.reservations} reserved, ${ceiling.rejected} rejected)`,
  );
}

export function printGoals(results: FlashSaleResult[], overhead: GatewayOverhead | undefined): void {
  const of = (name: string) => results.find((result) => result.strategy === name);
  const lua = of('lua');
  const redlock = of('redlock');
  say('\nGoals (reported, not asserted)');
  if (lua && redlock) {
    const factor = lua.throughput / Math.max(redlock.throughput, 0.1);
    say(`  lua ≥ 5× redlock orders/s:            ×${factor.toFixed(1)}  ${factor >= 5 ? 'met' : 'NOT met'}`);
  }
  const oversold = results.reduce((sum, result) => sum + result.oversold, 0);
  say(`  0 oversold everywhere:                ${oversold}  ${oversold === 0 ? 'met' : 'NOT met'}`);
  if (lua && overhead) {
    const bound = 2 * overhead.gateway.p99;
    say(
      `  lua sold-out rejection p99 ≤ 2× gateway product(id) p99: ${lua.rejected.p99} ms vs ${bound} ms  ${lua.rejected.p99 <= bound ? 'met' : 'NOT met'}`,
    );
  }
}

export function printProfile(profile: ProfileSummary | null): void {
  if (!profile) {
    say('\nProfile: no .cpuprofile was written');
    return;
  }
  say(`\nOrders process under lua, CPU self time (share of busy samples), ${profile.file}`);
  for (const cost of profile.areas) say(`  ${String(cost.selfPercent).padStart(5)} %  ${cost.name}`);
  say('  top functions:');
  for (const cost of profile.functions) say(`  ${String(cost.selfPercent).padStart(5)} %  ${cost.name}`);
}

export function printSeed(result: SeedResult): void {
  say(
    `\nSeed scenario through the gateway: ${result.buyers} buyers over ${result.durationSeconds} s, ${result.loggedIn ? 'logged in before the sale' : `login with BCRYPT_COST=${result.bcryptCost} (production cost, not the tests' 4)`}; wall ${result.wallSeconds} s`,
  );
  const seed = (step: (typeof SEED_STEPS)[number], key: 'p50' | 'p95' | 'p99') => {
    const figures: Partial<Record<'p50' | 'p95' | 'p99', number>> = SEED_FIGURES[step];
    return ms(figures[key]);
  };
  table([
    ['step', 'ok', 'p50', 'p95', 'p99', 'max', 'seed p50', 'seed p95', 'seed p99', 'errors'],
    ...SEED_STEPS.flatMap((step) => {
      const figures = result.steps[step];
      if (!figures) return [];
      return [
        [
          step,
          String(figures.count),
          ms(figures.p50),
          ms(figures.p95),
          ms(figures.p99),
          ms(figures.max),
          seed(step, 'p50'),
          seed(step, 'p95'),
          seed(step, 'p99'),
          Object.keys(figures.errors).length === 0 ? '0' : JSON.stringify(figures.errors),
        ],
      ];
    }),
  ]);
  for (const step of SEED_STEPS) {
    const samples = result.steps[step]?.errorSamples ?? {};
    if (Object.keys(samples).length > 0) say(`${step} errors, e.g. ${JSON.stringify(samples)}`);
  }
  say(`orders placed: ${result.ordered}/${result.buyers}`);
  const checkout = result.steps.checkoutCart;
  if (result.loggedIn && checkout) {
    say(`goal: checkoutCart p99 < 250 ms: ${checkout.p99} ms  ${checkout.p99 < 250 ? 'met' : 'NOT met'}`);
  }
}
