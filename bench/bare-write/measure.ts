import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { BuyerSession } from '../accounts.ts';
import { type CpuShare, startCpuShare } from '../cpu-share.ts';
import { type LoadFigures, runLoad } from '../load-run.ts';
import { placeOrderOperation } from '../order-routes.ts';
import { stopChild } from '../stop-child.ts';

export interface BareWrite extends LoadFigures {
  /** CPU ms each process spent over the measured run (not the warm-up). */
  cpu: CpuShare;
}

export interface BareWriteSettings {
  connections: number;
  seconds: number;
  warmupSeconds: number;
}

const STOP_GRACE_MS = 15_000;

/** Starts a stand-in in its own Node process, like a service, and resolves with it once it listens. */
async function startStandIn(
  file: string,
  env: Record<string, string>,
): Promise<{ child: ChildProcessByStdio<Writable, Readable, null>; url: string }> {
  const child = spawn(process.execPath, [new URL(file, import.meta.url).pathname], {
    env: { ...process.env, ...env },
    // Its stdin is a pipe the stand-in watches: if the bench dies, the pipe closes and the stand-in stops.
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const [port] = (await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(([code]) => {
      throw new Error(`${file} exited with ${code} before listening`);
    }),
  ])) as [string];
  lines.close();
  return { child, url: `http://127.0.0.1:${port}/graphql` };
}

/**
 * The machine's floor for an authenticated buy: bare Node servers in place of the gateway and orders, each
 * doing only what no buy can skip, with the platform's own code (gateway-stand-in.ts, orders-stand-in.ts).
 * Driven like the product(id) reads (autocannon, closed loop, same connections and seconds), each request a
 * new buyer's token and idempotency key. No GraphQL, no MySQL, no Kafka, no payment: no FCFS buy can be
 * cheaper, so no buy through the real gateway can run faster than this on the same machine.
 */
export async function measureBareWrite(
  productId: string,
  buyers: readonly BuyerSession[],
  settings: BareWriteSettings,
): Promise<BareWrite> {
  const orders = await startStandIn('./orders-stand-in.ts', {});
  try {
    const gateway = await startStandIn('./gateway-stand-in.ts', { BARE_WRITE_ORDERS_URL: orders.url });
    try {
      let sent = 0;
      const target = {
        url: gateway.url,
        next: () => {
          const buyer = buyers[sent++ % buyers.length];
          return {
            body: JSON.stringify(placeOrderOperation(productId)),
            headers: { 'content-type': 'application/json', authorization: `Bearer ${buyer?.token ?? ''}` },
          };
        },
      };
      await runLoad(target, settings.connections, settings.warmupSeconds);
      const readCpu = startCpuShare({
        'gateway stand-in': gateway.child.pid,
        'orders stand-in': orders.child.pid,
      });
      const figures = await runLoad(target, settings.connections, settings.seconds);
      return { ...figures, cpu: readCpu() };
    } finally {
      await stopChild(gateway.child, STOP_GRACE_MS);
    }
  } finally {
    await stopChild(orders.child, STOP_GRACE_MS);
  }
}
