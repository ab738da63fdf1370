import { describeBatchSizes } from './batch-sizes.ts';
import { cpuPerOrder } from './cpu-share.ts';
import type { StockStrategy } from './flash-sale.ts';
import type { Goal } from './goals.ts';
import type { LoginFloodResult } from './login-flood.ts';
import { REFUSAL_CODES } from './login-storm.ts';
import { type FlashMedians, overRounds, READ_PATHS, type ReadFigure, type SaleFigure } from './medians.ts';
import { ROUTES, type Route } from './order-routes.ts';
import type { ProfileSummary } from './profile.ts';
import { PROBES, type Probe } from './read-probes.ts';
import type { FlashSettings } from './results.ts';
import type { Round } from './rounds.ts';
import { SEED_FIGURES, SEED_STEPS, type SeedResult } from './seed-scenario.ts';
import { perSecond, type Spread } from './stats.ts';

export const say = (line = '') => process.stdout.write(`${line}\n`);

export function table(rows: string[][]): void {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  for (const row of rows)
    say(
      row
        .map((text, column) =>
          column === 0 ? text.padEnd(widths[column] ?? 0) : text.padStart(widths[column] ?? 0),
        )
        .join('  '),
    );
}

export const number = (value: number | null | undefined) =>
  value === null || value === undefined || Number.isNaN(value)
    ? '–'
    : value === Number.POSITIVE_INFINITY
      ? 'timeout'
      : value.toLocaleString('en-US', { maximumFractionDigits: 1 });

const percentOf = (part: number, whole: number) => `${Math.round((part / Math.max(whole, 1)) * 100)} %`;

/** "median (min–max)", or the one value when every round agreed. */
export const cell = ({ median, min, max }: Spread) =>
  min === max ? number(median) : `${number(median)} (${number(min)}–${number(max)})`;

const SALE_ROWS: [SaleFigure, string][] = [
  ['ordersPerSecond', 'accepted orders/s'],
  ['rejectionsPerSecond', 'sold-out answers/s'],
  ['acceptedP50', 'accepted p50 ms'],
  ['acceptedP95', 'accepted p95 ms'],
  ['acceptedP99', 'accepted p99 ms'],
  ['soldOutP50', 'sold-out p50 ms'],
  ['soldOutP95', 'sold-out p95 ms'],
  ['soldOutP99', 'sold-out p99 ms'],
  ['errors', 'errors'],
  ['oversold', 'oversold'],
  ['allPaidSeconds', 'all PAID after s'],
];

const ROUTE_TITLES: Record<Route, string> = {
  gateway: 'through the gateway',
  direct: 'straight to orders (signed like the gateway)',
};

export function printFlashSales(medians: FlashMedians, settings: FlashSettings): void {
  for (const route of ROUTES) {
    say(
      `\nFlash sale ${ROUTE_TITLES[route]}: ${settings.buyers} buyers, ${settings.stock} units, ${settings.concurrency} concurrent; ${overRounds(medians.rounds)}`,
    );
    table([
      ['', ...settings.strategies],
      ...SALE_ROWS.map(([figure, label]) => [
        label,
        ...settings.strategies.map((strategy) => {
          const spreads = medians.sales[route][strategy];
          return spreads ? cell(spreads[figure]) : '–';
        }),
      ]),
    ]);
  }
  say('"all PAID after" counts from the first request of the sale');
}

/** The rounds side by side, to see a drift that the medians hide; then every sale that went wrong. */
export function printRounds(rounds: readonly Round[], strategies: readonly StockStrategy[]): void {
  say(
    '\nPer round: accepted orders/s (gateway / direct), product(id) reads/s through the gateway, ceiling, bare write',
  );
  table([
    ['round', ...strategies, 'reads/s', 'ceiling/s', 'bare write/s'],
    ...rounds.map((round) => [
      String(round.round),
      ...strategies.map((strategy) => {
        const turn = round.turns.find((candidate) => candidate.strategy === strategy);
        return turn
          ? `${number(turn.sales.gateway.throughput)} / ${number(turn.sales.direct.throughput)}`
          : '–';
      }),
      number(Math.round(round.reads.gateway.requestsPerSecond)),
      number(round.ceiling.reservationsPerSecond),
      number(round.bareWrite.requestsPerSecond),
    ]),
  ]);
  for (const round of rounds) {
    if (round.intruders.length > 0)
      say(
        `WARNING round ${round.round} shared the machine with other FCFS processes: ${round.intruders.join('; ')}`,
      );
    for (const turn of round.turns)
      for (const route of ROUTES) {
        const sale = turn.sales[route];
        const which = `round ${round.round}, ${turn.strategy} ${ROUTE_TITLES[route]}`;
        say(`${which}: group commit ${describeBatchSizes(turn.batches[route])}`);
        const perOrder = cpuPerOrder(sale.cpuDuringSale, sale.accepted.count);
        say(
          `${which}: CPU µs per accepted order during the sale: ${perOrder.map(([name, us]) => `${name} ${number(us)}`).join(', ')}`,
        );
        if (sale.errors > 0)
          say(
            `${which}: errors ${JSON.stringify(sale.errorCodes)}, e.g. ${JSON.stringify(sale.errorSamples)}`,
          );
        if (sale.violations.length > 0)
          say(`${which}: consistency violations: ${sale.violations.join('; ')}`);
      }
    const { bareWrite } = round;
    const perBuy = cpuPerOrder(bareWrite.cpu, bareWrite.requests);
    say(
      `round ${round.round}, bare write: CPU µs per buy: ${perBuy.map(([name, us]) => `${name} ${number(us)}`).join(', ')}`,
    );
  }
}

export function printReads(medians: FlashMedians, settings: FlashSettings): void {
  say(
    `\nproduct(id) reads, ${settings.concurrency} connections, ${settings.readSeconds} s each (autocannon); ${overRounds(medians.rounds)}`,
  );
  const rows: [ReadFigure, string][] = [
    ['requestsPerSecond', 'reads/s'],
    ['p50', 'p50 ms'],
    ['p90', 'p90 ms'],
    ['p99', 'p99 ms'],
    ['failures', 'failures'],
  ];
  table([
    ['', 'catalog directly (signed)', 'through the gateway'],
    ...rows.map(([figure, label]) => [label, ...READ_PATHS.map((path) => cell(medians.reads[path][figure]))]),
  ]);
  const factor = (figure: ReadFigure) =>
    (medians.reads.gateway[figure].median / Math.max(medians.reads.direct[figure].median, 1)).toFixed(2);
  say(
    `gateway / direct, medians: p50 ×${factor('p50')}, p99 ×${factor('p99')}, reads/s ×${factor('requestsPerSecond')}`,
  );
}

export function printCeiling(medians: FlashMedians, settings: FlashSettings): void {
  const { ceiling } = medians;
  say(
    `\nCeiling: the reservation Lua script alone (StockCounters.reserve, ${settings.concurrency} in flight, ${settings.ceilingSeconds} s); ${overRounds(medians.rounds)}`,
  );
  say(
    `${cell(ceiling.reservationsPerSecond)} reservations/s, p50 ${cell(ceiling.p50)} ms, p99 ${cell(ceiling.p99)} ms`,
  );
}

export function printBareWrite(medians: FlashMedians, settings: FlashSettings): void {
  const { bareWrite } = medians;
  say(
    `\nBare write: placeOrder's unskippable steps (ES256 token, revocation and rate-limit round trip, signed hop, signature check, reservation script) on bare Node stand-ins for the gateway and orders, no GraphQL, MySQL or Kafka (${settings.concurrency} connections, ${settings.readSeconds} s); ${overRounds(medians.rounds)}`,
  );
  say(
    `${cell(bareWrite.requestsPerSecond)} buys/s (${cell(bareWrite.failures)} failed), p50 ${cell(bareWrite.p50)} ms, p99 ${cell(bareWrite.p99)} ms; ${percentOf(bareWrite.requestsPerSecond.median, medians.reads.gateway.requestsPerSecond.median)} of product(id) reads/s through the gateway`,
  );
}

export function printGoals(goals: readonly Goal[]): void {
  say('\nGoals, from the medians (reported, not asserted)');
  for (const goal of goals)
    say(`  ${goal.status.padEnd(12)} ${goal.goal}${goal.figures ? `: ${goal.figures}` : ''}`);
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
    return number(figures[key]);
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
          number(figures.p50),
          number(figures.p95),
          number(figures.p99),
          number(figures.max),
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

const PROBE_TITLES: Record<Probe, string> = { product: 'product(id)', me: 'me' };

const codes = (counts: Record<string, number>) =>
  Object.keys(counts).length === 0 ? '0' : JSON.stringify(counts);

export function printLoginFlood(result: LoginFloodResult): void {
  const { logins } = result.flood;
  say(
    `\nLogin flood through the gateway: ${result.concurrency} login loops with the right password, each retrying at once when refused; ${result.durationSeconds} s; BCRYPT_COST=${result.bcryptCost}`,
  );
  say(
    `${number(logins.attempts)} attempts in ${logins.windowSeconds} s (${number(logins.attemptsPerSecond)}/s); ${number(logins.succeeded)} succeeded (${number(logins.succeededPerSecond)} logins/s)`,
  );
  const perWindow = (count: number) => number(perSecond(count, logins.windowSeconds * 1_000));
  table([
    ['answer', 'count', 'per s', 'p50 ms', 'p99 ms', 'retryAfterSeconds', 'without hint'],
    [
      'token',
      number(logins.succeeded),
      perWindow(logins.succeeded),
      number(logins.latency.p50),
      number(logins.latency.p99),
      '',
      '',
    ],
    ...REFUSAL_CODES.flatMap((code) => {
      const refusals = logins.refusals[code];
      if (!refusals) return [];
      const hints = refusals.retryAfterSeconds;
      return [
        [
          code,
          number(refusals.count),
          perWindow(refusals.count),
          number(refusals.latency.p50),
          number(refusals.latency.p99),
          hints ? (hints.min === hints.max ? `${hints.min}` : `${hints.min}–${hints.max}`) : '–',
          number(refusals.withoutRetryHint),
        ],
      ];
    }),
  ]);
  const refused = REFUSAL_CODES.reduce((sum, code) => sum + (logins.refusals[code]?.count ?? 0), 0);
  const withoutHint = REFUSAL_CODES.reduce(
    (sum, code) => sum + (logins.refusals[code]?.withoutRetryHint ?? 0),
    0,
  );
  say(
    withoutHint === 0
      ? `every refusal (${number(refused)}) carried retryAfterSeconds`
      : `NOT every refusal carried retryAfterSeconds: ${number(withoutHint)} of ${number(refused)} had none`,
  );
  if (Object.keys(logins.errors).length > 0)
    say(`other login answers ${codes(logins.errors)}, e.g. ${JSON.stringify(logins.errorSamples)}`);

  say(
    `\nReads through the gateway, ${result.probeRatePerSecond}/s each, ${result.durationSeconds} s alone (baseline) and beside the flood; latencies in ms`,
  );
  const ratio = (flood: number, baseline: number) => `×${(flood / Math.max(baseline, 0.1)).toFixed(1)}`;
  table([
    ['probe', 'ok', 'baseline p50', 'baseline p99', 'flood p50', 'flood p99', 'p50', 'p99', 'errors'],
    ...PROBES.map((probe) => {
      const baseline = result.baseline.probes[probe];
      const flood = result.flood.probes[probe];
      return [
        PROBE_TITLES[probe],
        `${baseline.count} / ${flood.count}`,
        number(baseline.p50),
        number(baseline.p99),
        number(flood.p50),
        number(flood.p99),
        ratio(flood.p50, baseline.p50),
        ratio(flood.p99, baseline.p99),
        `${codes(baseline.errors)} / ${codes(flood.errors)}`,
      ];
    }),
  ]);
  say(
    `ok and errors: baseline / flood. The bench's own event-loop delay p99: ${result.baseline.generatorLoopDelayP99Ms} ms baseline, ${result.flood.generatorLoopDelayP99Ms} ms during the flood (part of every latency above)`,
  );
}
