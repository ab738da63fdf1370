import { pino } from 'pino';
import type { Logger } from '../logger.ts';
import { flushTraces } from '../tracing/index.ts';
import type { ShutdownSequence } from './shutdown-sequence.ts';

export interface ShutdownSignalOptions {
  /** SHUTDOWN_TIMEOUT: past it the process exits 1 whatever is still open. */
  deadlineMs: number;
}

/** How long an exit waits for the logger to write its last lines; a stuck stdout must not hold the exit. */
const LOG_FLUSH_GRACE_MS = 1_000;

/** pino's own stdout stream (sonic-boom): in its asynchronous mode it says `drain` each time it has written all. */
interface AsyncLogStream {
  once(event: 'drain', listener: () => void): unknown;
  flushSync(): void;
}

const isAsyncLogStream = (stream: unknown): stream is AsyncLogStream =>
  typeof (stream as Partial<AsyncLogStream> | undefined)?.flushSync === 'function' &&
  typeof (stream as Partial<AsyncLogStream> | undefined)?.once === 'function';

/**
 * pino writes stdout asynchronously: process.exit while a write is in flight drops it, and the last lines
 * ("stopped", or the steps still open) are the ones an operator needs. `logger.flush` does not wait for a write
 * in flight, so the exit waits for the stream's `drain`, which follows the write of the line just logged.
 */
function exitAfterLogs(logger: Logger, code: number, lastLineLevel: 'info' | 'error'): void {
  setTimeout(() => process.exit(code), LOG_FLUSH_GRACE_MS).unref();
  const stream = (logger as unknown as Record<symbol, unknown>)[pino.symbols.streamSym];
  if (logger.isLevelEnabled(lastLineLevel) && isAsyncLogStream(stream))
    stream.once('drain', () => process.exit(code));
  else process.exit(code);
}

/** Asks the process to stop; `reason` names what asked (a signal, the cluster primary). */
export type ShutdownRequest = (reason: string) => void;

/**
 * The first request runs the service's shutdown and exits 0 when it finishes. The deadline, or a second request,
 * forces exit 1 with a log line naming the steps still open: an orchestrator's SIGKILL would say nothing, and a
 * process that lingers keeps its Kafka partitions from its replacement.
 */
export function shutdownOnRequest(
  logger: Logger,
  shutdown: ShutdownSequence,
  { deadlineMs }: ShutdownSignalOptions,
): ShutdownRequest {
  let stopping = false;
  const forceExit = (reason: string) => {
    logger.error({ stillOpen: shutdown.stillOpen() }, reason);
    exitAfterLogs(logger, 1, 'error');
  };
  return (reason) => {
    if (stopping) {
      forceExit(`second ${reason} during shutdown, exiting now`);
      return;
    }
    stopping = true;
    const startedAt = Date.now();
    logger.info({ reason, deadlineMs }, 'shutting down');
    setTimeout(() => forceExit(`shutdown deadline of ${deadlineMs} ms passed, exiting now`), deadlineMs);
    shutdown
      .run()
      .then(flushTraces)
      .then(() => {
        logger.info({ ms: Date.now() - startedAt }, 'stopped');
        exitAfterLogs(logger, 0, 'info');
      })
      .catch((error: unknown) => {
        logger.error({ err: error, stillOpen: shutdown.stillOpen() }, 'shutdown failed');
        exitAfterLogs(logger, 1, 'error');
      });
  };
}

/** Runs the service's shutdown on SIGINT/SIGTERM (see shutdownOnRequest). */
export function onShutdownSignal(
  logger: Logger,
  shutdown: ShutdownSequence,
  options: ShutdownSignalOptions,
): void {
  const request = shutdownOnRequest(logger, shutdown, options);
  process.on('SIGINT', request);
  process.on('SIGTERM', request);
}
