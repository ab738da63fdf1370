// Preloaded into the orders process (`--import`) when the bench profiles it. `--cpu-prof` writes its file only
// on a normal exit, and orders under load outlives the platform's 15 s grace period and is killed; this writes
// the profile the moment SIGTERM arrives, before the service's own shutdown starts.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const directory = process.env.BENCH_CPU_PROFILE_DIR ?? '.';
const session = new Session();
session.connect();
session.post('Profiler.enable', () => session.post('Profiler.start'));

process.prependOnceListener('SIGTERM', () => {
  session.post('Profiler.stop', (error, result) => {
    if (!error)
      writeFileSync(`${directory}/orders-${process.pid}.cpuprofile`, JSON.stringify(result.profile));
  });
});
