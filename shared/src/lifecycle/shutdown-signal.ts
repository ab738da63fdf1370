import type { Logger } from '../logger.ts';
import type { ShutdownSequence } from './shutdown-sequence.ts';

export interface ShutdownSignalOptions {
  /** SHUTDOWN_TIMEOUT: past it the process exits 1 whatever is still open. */
  deadlineMs: number;
}

/**
 * Runs the service's shutdown on the first SIGINT/SIGTERM and exits 0 when it finishes. The deadline, or a
 * second signal, forces exit 1 with a log line naming the steps still open: an orchestrator's SIGKILL would
 * say nothing, and a process that lingers keeps its Kafka partitions from its replacement.
 */
export function onShutdownSignal(
  logger: Logger,
  shutdown: ShutdownSequence,
  { deadlineMs }: ShutdownSignalOptions,
): void {
  let stopping = false;
  const forceExit = (reason: string) => {
    logger.error({ stillOpen: shutdown.stillOpen() }, reason);
    process.exit(1);
  };
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) {
      forceExit(`second ${signal} during shutdown, exiting now`);
      return;
    }
    stopping = true;
    const startedAt = Date.now();
    logger.info({ signal, deadlineMs }, 'shutting down');
    setTimeout(() => forceExit(`shutdown deadline of ${deadlineMs} ms passed, exiting now`), deadlineMs);
    shutdown
      .run()
      .then(() => {
        logger.info({ ms: Date.now() - startedAt }, 'stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error, stillOpen: shutdown.stillOpen() }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}
