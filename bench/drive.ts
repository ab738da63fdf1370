import { setTimeout as sleep } from 'node:timers/promises';

export interface ClosedLoopPlan {
  total: number;
  concurrency: number;
  rampMs?: number;
  /** Stops handing out work once true (a timed run); requests already sent are awaited. */
  stop?: () => boolean;
}

/**
 * Closed model, the flash sale's crowd: `concurrency` buyers' browsers, each sending the next request as soon
 * as its previous one is answered, until `total` requests are sent. Worker i joins i × rampMs / concurrency
 * after the start, so ramp 0 is everyone pressing "buy" in the same instant.
 */
export async function runClosedLoop(
  plan: ClosedLoopPlan,
  job: (index: number) => Promise<void>,
): Promise<void> {
  const { total, concurrency, rampMs = 0, stop = () => false } = plan;
  let next = 0;
  const workers = Math.min(concurrency, total);
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      if (rampMs > 0) await sleep((worker * rampMs) / workers);
      while (next < total && !stop()) {
        const index = next;
        next += 1;
        await job(index);
      }
    }),
  );
}

/**
 * Open model, the seed design's JMeter ramp: session i starts at i × durationMs / total whether or not earlier
 * sessions have finished, so a slow server grows a queue instead of slowing the arrivals down.
 */
export async function runArrivals(
  total: number,
  durationMs: number,
  session: (index: number) => Promise<void>,
): Promise<void> {
  const started = performance.now();
  const running: Promise<void>[] = [];
  for (let index = 0; index < total; index += 1) {
    const due = started + (index * durationMs) / total;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    running.push(session(index));
  }
  await Promise.all(running);
}
