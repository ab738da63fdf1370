import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commitWithEvents } from '../src/index.ts';

test('wakes the relay only after the commit resolved, and returns what the commit returned', async () => {
  const steps: string[] = [];
  const deps = { eventsEnqueued: () => steps.push('wake') };
  const result = await commitWithEvents(deps, async () => {
    steps.push('commit started');
    await new Promise((resolve) => setTimeout(resolve, 10));
    steps.push('committed');
    return { id: 42 };
  });
  assert.deepEqual(result, { id: 42 });
  assert.deepEqual(steps, ['commit started', 'committed', 'wake']);
});

test('does not wake the relay when the commit throws, and passes the error on', async () => {
  let wakes = 0;
  const failure = new Error('rolled back');
  await assert.rejects(
    commitWithEvents({ eventsEnqueued: () => (wakes += 1) }, async () => {
      throw failure;
    }),
    (error) => error === failure,
  );
  assert.equal(wakes, 0);
});
