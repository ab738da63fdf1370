import { type BareWrite, measureBareWrite } from './bare-write/measure.ts';
import { type Ceiling, measureCeiling } from './ceiling.ts';
import type { StockStrategy } from './flash-sale.ts';
import { type GatewayOverhead, measureGatewayOverhead } from './gateway-overhead.ts';
import { otherFcfsProcesses } from './preflight.ts';
import { runStrategyTurn, type StrategyTurn, type TurnContext, type TurnSettings } from './strategy-turn.ts';

export interface RoundsSettings extends TurnSettings {
  rounds: number;
  strategies: StockStrategy[];
  readSeconds: number;
  readWarmupSeconds: number;
  ceilingSeconds: number;
}

export interface Round {
  round: number;
  /** product(id) at the flash sale's concurrency, catalog directly (signed) and through the gateway. */
  reads: GatewayOverhead;
  turns: StrategyTurn[];
  ceiling: Ceiling;
  /** The floor of an authenticated buy: bare stand-ins for the gateway and orders (bare-write/measure.ts). */
  bareWrite: BareWrite;
  /** FCFS processes not the bench's seen after a step of the round: they shared the CPU with what it measured. */
  intruders: string[];
}

const CEILING_UNITS = 10_000_000;

/**
 * The strategies interleaved, round after round, so a drift of the machine (another job, a warmer disk) falls
 * on every strategy alike. Each round opens with the reference reads, whose own warm-up also warms the gateway
 * and catalog before the round's first flash sale.
 */
export async function runRounds(
  context: TurnContext,
  settings: RoundsSettings,
  step: (what: string) => void,
): Promise<Round[]> {
  const rounds: Round[] = [];
  for (let round = 1; round <= settings.rounds; round += 1) {
    const of = `round ${round}/${settings.rounds}`;
    const intruders = new Set<string>();
    const lookAround = () => {
      for (const other of otherFcfsProcesses()) intruders.add(other);
    };
    step(`${of}: product(id) reads, ${settings.concurrency} connections`);
    const reads = await measureGatewayOverhead(
      { gateway: context.platform.gatewayUrl, catalog: context.platform.urlOf('catalog') },
      process.env.GATEWAY_SIGNING_SECRET ?? '',
      await context.newProduct('bench reads', settings.stock),
      {
        connections: settings.concurrency,
        seconds: settings.readSeconds,
        warmupSeconds: settings.readWarmupSeconds,
      },
    );
    lookAround();
    const turns: StrategyTurn[] = [];
    for (const strategy of settings.strategies) {
      step(`${of}: STOCK_STRATEGY=${strategy}, through the gateway and straight to orders`);
      const turn = await runStrategyTurn(context, strategy, settings);
      turns.push(turn);
      lookAround();
      const { gateway, direct } = turn.sales;
      step(
        `${of}: ${strategy}: ${gateway.throughput} orders/s through the gateway, ${direct.throughput} direct; sold ${gateway.sold}/${gateway.stock} and ${direct.sold}/${direct.stock}; ${gateway.errors + direct.errors} errors; the previous orders process took ${turn.ordersStopMs} ms to stop`,
      );
    }
    step(`${of}: ceiling, the reservation script alone against Redis`);
    const ceiling = await measureCeiling(
      await context.newProduct('bench ceiling', CEILING_UNITS),
      settings.concurrency,
      settings.ceilingSeconds,
    );
    lookAround();
    step(
      `${of}: bare write, placeOrder's unskippable steps on bare stand-ins, ${settings.concurrency} connections`,
    );
    const bareWrite = await measureBareWrite(
      await context.newProduct('bench bare write', CEILING_UNITS, CEILING_UNITS),
      context.buyers.slice(0, settings.buyers).map((buyer) => context.accounts.session(buyer)),
      {
        connections: settings.concurrency,
        seconds: settings.readSeconds,
        warmupSeconds: settings.readWarmupSeconds,
      },
    );
    lookAround();
    rounds.push({ round, reads, turns, ceiling, bareWrite, intruders: [...intruders] });
  }
  return rounds;
}
