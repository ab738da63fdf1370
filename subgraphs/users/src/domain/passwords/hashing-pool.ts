import { availableParallelism } from 'node:os';
import { temporarilyUnavailable } from '@fcfs/shared';
import { Piscina } from 'piscina';
import { type AdmissionLimits, HashAdmission } from './admission.ts';
import type { HashJob, HashJobResult } from './hash-worker.ts';

export type HashingPoolOptions = AdmissionLimits;

export const DEFAULT_HASHING_POOL: HashingPoolOptions = {
  threads: availableParallelism(),
  maxQueued: 100,
  maxWaitMs: 2_000,
};

/** bcrypt jobs on worker threads, behind an admission that refuses at once what would wait too long. */
export interface HashingPool {
  hash: (password: string, cost: number) => Promise<string>;
  compare: (password: string, hash: string) => Promise<boolean>;
  /** Hashes per second the threads finish at the measured job time; undefined before the first. */
  capacityPerSecond: () => number | undefined;
  /** Lets queued and running jobs finish, then ends the threads. */
  close: () => Promise<void>;
}

const WORKER = new URL('./hash-worker.ts', import.meta.url).href;

/**
 * Piscina (nodejs/piscina) rather than a hand-made pool: it restarts a thread that dies, hands jobs to
 * threads without polling, and drains on close; the admission in front of it is ours, since its own
 * `maxQueue` cannot say when to come back.
 */
export function createHashingPool(options: HashingPoolOptions = DEFAULT_HASHING_POOL): HashingPool {
  const admission = new HashAdmission(options);
  const piscina = new Piscina<HashJob, HashJobResult>({
    filename: WORKER,
    minThreads: options.threads,
    maxThreads: options.threads,
  });

  const run = async (job: HashJob): Promise<HashJobResult['value']> => {
    const decision = admission.tryAdmit();
    if (!decision.admitted) {
      throw temporarilyUnavailable('Too many passwords are being checked', decision.retryAfterSeconds);
    }
    let ms: number | undefined;
    try {
      const result = await piscina.run(job);
      ms = result.ms;
      return result.value;
    } finally {
      admission.done(ms);
    }
  };

  return {
    hash: async (password, cost) => {
      const value = await run({ kind: 'hash', password, cost });
      if (typeof value !== 'string') throw new TypeError('hash job returned no hash');
      return value;
    },
    compare: async (password, hash) => {
      const value = await run({ kind: 'compare', password, hash });
      if (typeof value !== 'boolean') throw new TypeError('compare job returned no verdict');
      return value;
    },
    capacityPerSecond: () => admission.capacityPerSecond(),
    close: () => piscina.close(),
  };
}
