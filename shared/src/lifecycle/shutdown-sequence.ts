import type { Logger } from '../logger.ts';

/** One thing a service closes on its way out, named so a stop that hangs can say what is still open. */
export interface ShutdownStep {
  name: string;
  close: () => Promise<unknown> | unknown;
}

/**
 * A service's stop as an ordered list of named steps: stop accepting first, then finish in-flight work, then
 * leave the consumer group, then close the pools. `run()` is idempotent, so a test's `stop()` and a signal
 * can both call it.
 */
export class ShutdownSequence {
  readonly #logger: Logger;
  readonly #steps: ShutdownStep[] = [];
  #open: string[] = [];
  #running: Promise<void> | undefined;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  add(name: string, close: ShutdownStep['close']): this {
    this.#steps.push({ name, close });
    return this;
  }

  run(): Promise<void> {
    this.#running ??= this.#runSteps();
    return this.#running;
  }

  /** The step in progress and every step after it, in order; empty once the sequence has finished. */
  stillOpen(): string[] {
    return this.#running ? [...this.#open] : this.#steps.map((step) => step.name);
  }

  async #runSteps(): Promise<void> {
    this.#open = this.#steps.map((step) => step.name);
    for (const step of this.#steps) {
      const startedAt = Date.now();
      await step.close();
      this.#open.shift();
      this.#logger.debug({ step: step.name, ms: Date.now() - startedAt }, 'closed');
    }
  }
}
