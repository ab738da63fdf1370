import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, test } from 'node:test';

const FIXTURE = new URL('./fixtures/service-with-stuck-step.ts', import.meta.url).pathname;

interface LogLine {
  msg: string;
  stillOpen?: string[];
}

/** Starts the fixture, sends it `signals` (the later ones `gapMs` apart), and reports how it ended. */
async function stopFixture(env: { STUCK: '0' | '1'; DEADLINE_MS: string }, signals: number, gapMs = 200) {
  const child = spawn(process.execPath, [FIXTURE], { env: { ...process.env, ...env }, stdio: 'pipe' });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  while (!output.includes('"ready"')) await once(child.stdout, 'data');
  const startedAt = Date.now();
  // 'close', not 'exit': only 'close' comes after the last of the child's output has been read.
  const exited = once(child, 'close') as Promise<[number | null]>;
  for (let sent = 0; sent < signals; sent += 1) {
    if (sent > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    child.kill('SIGTERM');
  }
  const [code] = await exited;
  const lines = output
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as LogLine);
  return { code, ms: Date.now() - startedAt, last: lines.at(-1) };
}

describe('a service on SIGTERM', () => {
  test('exits 0 once every shutdown step has closed', async () => {
    const { code, last } = await stopFixture({ STUCK: '0', DEADLINE_MS: '5000' }, 1);
    assert.equal(code, 0);
    assert.equal(last?.msg, 'stopped');
  });

  test('exits 1 at the deadline, naming the steps still open', async () => {
    const { code, ms, last } = await stopFixture({ STUCK: '1', DEADLINE_MS: '500' }, 1);
    assert.equal(code, 1);
    assert.ok(ms >= 500, `exited after ${ms} ms, before its deadline`);
    assert.match(last?.msg ?? '', /deadline of 500 ms passed/);
    assert.deepEqual(last?.stillOpen, ['kafka consumer', 'mysql pool']);
  });

  test('exits 1 on a second signal, well before the deadline, naming the steps still open', async () => {
    const { code, ms, last } = await stopFixture({ STUCK: '1', DEADLINE_MS: '60000' }, 2);
    assert.equal(code, 1);
    assert.ok(ms < 60_000);
    assert.match(last?.msg ?? '', /second SIGTERM/);
    assert.deepEqual(last?.stillOpen, ['kafka consumer', 'mysql pool']);
  });
});
