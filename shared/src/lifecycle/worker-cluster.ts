import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../logger.ts';
import type { ShutdownSequence } from './shutdown-sequence.ts';
import { onShutdownSignal, shutdownOnRequest } from './shutdown-signal.ts';

const SHUTDOWN_MESSAGE = 'fcfs:shutdown';
/** What the primary adds to the workers' own deadline before it kills them: they log what is still open first. */
const PRIMARY_GRACE_MS = 1_000;
const RESTART_DELAY_MS = 1_000;

export interface WorkerClusterOptions {
  /** 1 runs the service in this process, without a primary. */
  workers: number;
  /** SHUTDOWN_TIMEOUT, which every worker keeps on its own. */
  deadlineMs: number;
  /** Starts one copy of the service and hands back its shutdown. */
  start: (logger: Logger) => Promise<ShutdownSequence>;
  /** Runs in the primary before the workers start (e.g. summing their metrics). */
  primary?: () => void;
}

/**
 * Runs `workers` copies of a service under node:cluster, sharing its listening port. The primary owns the
 * signals: a terminal's Ctrl-C reaches the whole process group, so workers ignore signals and stop when the
 * primary asks (or disappears), and a second signal to the primary is a second request to each worker. The
 * primary exits 0 only if every worker did. A worker that dies before all have listened fails the start; one
 * that dies later is replaced.
 */
export async function runWorkerCluster(logger: Logger, options: WorkerClusterOptions): Promise<void> {
  const { workers, deadlineMs, start } = options;
  if (workers <= 1) {
    onShutdownSignal(logger, await start(logger), { deadlineMs });
    return;
  }
  if (cluster.isWorker) {
    await runWorker(logger.child({ worker: cluster.worker?.id }), options);
    return;
  }
  options.primary?.();
  runPrimary(logger, workers, deadlineMs);
}

async function runWorker(logger: Logger, { deadlineMs, start }: WorkerClusterOptions): Promise<void> {
  const ignore = () => {};
  process.on('SIGINT', ignore);
  process.on('SIGTERM', ignore);
  const request = shutdownOnRequest(logger, await start(logger), { deadlineMs });
  process.on('message', (message) => {
    if (message === SHUTDOWN_MESSAGE) request('shutdown request from the primary');
  });
  process.on('disconnect', () => request('loss of the primary'));
}

function runPrimary(logger: Logger, count: number, deadlineMs: number): void {
  const running = new Set<Worker>();
  let listening = 0;
  let stopping = false;
  let failed = false;

  const exitWhenAllStopped = () => {
    if (running.size === 0) process.exit(failed ? 1 : 0);
  };
  const stop = (reason: string) => {
    if (!stopping) {
      stopping = true;
      logger.info({ reason, workers: running.size, deadlineMs }, 'stopping the workers');
      setTimeout(() => {
        logger.error(
          { workers: [...running].map((worker) => worker.process.pid) },
          'workers outlived the deadline',
        );
        for (const worker of running) worker.process.kill('SIGKILL');
        process.exit(1);
      }, deadlineMs + PRIMARY_GRACE_MS).unref();
    }
    for (const worker of running) if (worker.isConnected()) worker.send(SHUTDOWN_MESSAGE);
    exitWhenAllStopped();
  };

  const fork = () => {
    const worker = cluster.fork();
    running.add(worker);
    worker.once('listening', () => {
      listening += 1;
      if (listening === count) logger.info({ workers: count }, 'all workers listening');
    });
    worker.once('exit', (code, signal) => {
      running.delete(worker);
      if (stopping) {
        if (code !== 0) failed = true;
        exitWhenAllStopped();
      } else if (listening < count) {
        logger.error({ pid: worker.process.pid, code, signal }, 'a worker failed to start');
        failed = true;
        stop('a worker failed to start');
      } else {
        logger.error({ pid: worker.process.pid, code, signal }, 'a worker died; starting another');
        setTimeout(() => {
          if (!stopping) fork();
        }, RESTART_DELAY_MS);
      }
    });
  };

  for (let index = 0; index < count; index += 1) fork();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
