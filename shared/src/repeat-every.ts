import type { Logger } from './logger.ts';

/**
 * Runs `task` every `intervalMs`, one run at a time (a slow run delays the next instead of overlapping it);
 * a failed run is logged and the next one tries again. Returns a stop function that waits for the run in
 * progress, for graceful shutdown.
 */
export function repeatEvery(
  intervalMs: number,
  task: () => Promise<void>,
  { logger, what }: { logger: Logger; what: string },
): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(task).catch((error: unknown) => {
      logger.error({ err: error }, `${what} failed; retrying next interval`);
    });
  }, intervalMs);
  return async () => {
    clearInterval(timer);
    await running;
  };
}
