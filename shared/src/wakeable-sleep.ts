/** A pause between passes of a background loop that new work or shutdown can cut short. */
export class WakeableSleep {
  private wakeUp: (() => void) | undefined;

  /** Resolves after `ms`, or as soon as `wake` is called. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  wake(): void {
    this.wakeUp?.();
  }
}
