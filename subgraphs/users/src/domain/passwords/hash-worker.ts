import bcrypt from 'bcryptjs';

/** What a worker thread is asked to do: bcrypt is pure CPU, so it runs here and never on the event loop. */
export type HashJob =
  | { kind: 'hash'; password: string; cost: number }
  | { kind: 'compare'; password: string; hash: string };

export interface HashJobResult {
  value: string | boolean;
  /** Time the job took on its thread, without its wait in the queue: what the pool's capacity is made of. */
  ms: number;
}

export default function runHashJob(job: HashJob): HashJobResult {
  const started = performance.now();
  const value =
    job.kind === 'hash'
      ? bcrypt.hashSync(job.password, job.cost)
      : bcrypt.compareSync(job.password, job.hash);
  return { value, ms: performance.now() - started };
}
