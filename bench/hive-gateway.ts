import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { hiveGatewayPort } from './bench-platform.ts';
import { stopChild } from './stop-child.ts';

const ROOT = new URL('../', import.meta.url).pathname;
const LOG_DIR = `${ROOT}.infra/logs/e2e`;
const ENTRY = new URL('./hive-gateway-server.ts', import.meta.url).pathname;
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Hive Gateway as a child process of the bench, against the bench platform's subgraphs. */
export class HiveGateway {
  readonly url: string;
  private readonly child: ChildProcess;

  private constructor(child: ChildProcess, port: number) {
    this.child = child;
    this.url = `http://127.0.0.1:${port}/graphql`;
  }

  /** Resolves once Hive has loaded the supergraph and answers its readiness check. */
  static async start(subgraphUrls: Record<string, string>): Promise<HiveGateway> {
    mkdirSync(LOG_DIR, { recursive: true });
    const port = hiveGatewayPort();
    const log = createWriteStream(`${LOG_DIR}/hive-gateway.log`, { flags: 'a' });
    const child = spawn(process.execPath, [ENTRY], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        HIVE_GATEWAY_PORT: String(port),
        HIVE_SUBGRAPH_URLS: JSON.stringify(subgraphUrls),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const hive = new HiveGateway(child, port);
    try {
      await hive.waitReady(port);
    } catch (error) {
      await hive.stop();
      throw error;
    }
    return hive;
  }

  private async waitReady(port: number): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null)
        throw new Error(`Hive Gateway exited with ${this.child.exitCode}; see ${LOG_DIR}/hive-gateway.log`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/readiness`)).ok) return;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    throw new Error(
      `Hive Gateway was not ready within ${READY_TIMEOUT_MS} ms; see ${LOG_DIR}/hive-gateway.log`,
    );
  }

  /** SIGTERM, then SIGKILL if it is still there after STOP_TIMEOUT_MS; resolves once it is gone. */
  stop(): Promise<void> {
    return stopChild(this.child, STOP_TIMEOUT_MS);
  }
}
