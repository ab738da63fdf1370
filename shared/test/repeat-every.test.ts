import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger, repeatEvery } from '../src/index.ts';

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('runs never overlap, a failed run does not stop the next, and stop waits for the run in progress', async () => {
  let running = 0;
  let overlapped = false;
  let runs = 0;
  let finished = 0;
  const stop = repeatEvery(
    5,
    async () => {
      runs += 1;
      running += 1;
      overlapped ||= running > 1;
      await later(20);
      running -= 1;
      finished += 1;
      if (runs === 1) throw new Error('the first run fails');
    },
    { logger: createLogger('repeat-every-test', 'silent'), what: 'test task' },
  );
  await later(120);
  await stop();
  assert.equal(overlapped, false);
  assert.ok(runs >= 2, `runs: ${runs}`);
  assert.equal(finished, runs, 'stop returned only after the run in progress finished');
  const after = runs;
  await later(50);
  assert.equal(runs, after, 'nothing runs after stop');
});
