export interface AdmissionLimits {
  /** Jobs that run at once (one per worker thread). */
  threads: number;
  /** Jobs that may wait for a thread. */
  maxQueued: number;
  /** The longest a job may expect to wait before its thread starts it, judged from measured job times. */
  maxWaitMs: number;
}

export type AdmissionDecision = { admitted: true } | { admitted: false; retryAfterSeconds: number };

/** Weight of the newest job time in the moving average: steady, yet follows a change of cost or machine. */
const SMOOTHING = 0.2;

/**
 * Decides at once whether one more job may enter the pool, so an overloaded pool refuses in microseconds
 * instead of letting requests age in a queue. Admission is refused when the queue is full or when the work
 * ahead, at the measured time per job, would outlast `maxWaitMs`; a free thread always admits.
 */
export class HashAdmission {
  readonly #limits: AdmissionLimits;
  #pending = 0;
  #averageMs: number | undefined;

  constructor(limits: AdmissionLimits) {
    this.#limits = limits;
  }

  tryAdmit(): AdmissionDecision {
    const { threads, maxQueued, maxWaitMs } = this.#limits;
    if (this.#pending >= threads) {
      const queued = this.#pending - threads;
      if (queued >= maxQueued || this.#waitAheadMs() > maxWaitMs) {
        return { admitted: false, retryAfterSeconds: this.retryAfterSeconds() };
      }
    }
    this.#pending += 1;
    return { admitted: true };
  }

  /** Ends one admitted job; `ms` is its time on the thread, unknown when it failed. */
  done(ms: number | undefined): void {
    this.#pending -= 1;
    if (ms === undefined) return;
    this.#averageMs = this.#averageMs === undefined ? ms : this.#averageMs * (1 - SMOOTHING) + ms * SMOOTHING;
  }

  /** Jobs per second the threads finish at the measured job time; undefined before the first job ends. */
  capacityPerSecond(): number | undefined {
    return this.#averageMs === undefined ? undefined : (this.#limits.threads * 1000) / this.#averageMs;
  }

  /** Whole seconds until the jobs admitted now have run: when a refused client may expect room. */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(this.#waitAheadMs() / 1000));
  }

  /** How long a job admitted now would wait for a thread, at the measured job time (0 before any). */
  #waitAheadMs(): number {
    return Math.ceil(this.#pending / this.#limits.threads) * (this.#averageMs ?? 0);
  }
}
