export type BudgetDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface LoginBudgetOptions {
  /** Hashes per second the pool finishes, as measured; undefined until the first hash has run. */
  capacityPerSecond: () => number | undefined;
  /** The part of that capacity logins may use: the rest stays for sign-ups and password changes. */
  share: number;
  /** How many seconds of that rate may arrive at once, the burst the hashing queue absorbs. */
  burstSeconds: number;
  now?: () => number;
}

/**
 * The limit on logins of every client together, in this process: a token bucket refilled at the measured
 * hashing capacity times `share`. Because the rate is measured, the limit follows the bcrypt cost and the
 * machine (a replica brings its own), and a login storm is refused before it reaches the database or the pool.
 * Before the first measurement nothing is refused: the pool's own admission still bounds the wait.
 */
export class LoginBudget {
  readonly #options: LoginBudgetOptions;
  readonly #now: () => number;
  #tokens: number | undefined;
  #refilledAt = 0;

  constructor(options: LoginBudgetOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
  }

  take(): BudgetDecision {
    const capacity = this.#options.capacityPerSecond();
    if (capacity === undefined) return { allowed: true };
    const rate = capacity * this.#options.share;
    const burst = Math.max(1, rate * this.#options.burstSeconds);
    const now = this.#now();
    const elapsedSeconds = (now - this.#refilledAt) / 1000;
    this.#tokens = Math.min(burst, this.#tokens === undefined ? burst : this.#tokens + elapsedSeconds * rate);
    this.#refilledAt = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - this.#tokens) / rate)) };
  }
}
