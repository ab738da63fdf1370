import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { describe, test } from 'node:test';

const FIXTURE = new URL('./fixtures/clustered-service.ts', import.meta.url).pathname;

interface LogLine {
  msg: string;
  pid: number;
  worker?: number;
  stillOpen?: string[];
}

const freePort = async (): Promise<number> => {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
};

/** The fixture's primary and the log lines of all its processes, as they come. */
async function startFixture(env: Record<string, string>) {
  const port = await freePort();
  const child = spawn(process.execPath, [FIXTURE], {
    env: { ...process.env, DEADLINE_MS: '5000', STUCK: '0', FAIL_START: '0', PORT: String(port), ...env },
    stdio: 'pipe',
  }) as ChildProcessWithoutNullStreams;
  const lines: LogLine[] = [];
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const complete = text.split('\n');
    partial = complete.pop() ?? '';
    lines.push(...complete.filter(Boolean).map((line) => JSON.parse(line) as LogLine));
  });
  // 'close', not 'exit': only 'close' comes after the last of the child's output has been read.
  const closed = once(child, 'close') as Promise<[number | null]>;
  const until = async (done: () => boolean) => {
    while (!done()) await Promise.race([once(child.stdout, 'data'), closed]);
  };
  const ready = () => lines.filter((line) => line.msg === 'ready');
  return { child, port, lines, closed, until, ready };
}

const servedBy = async (port: number) => Number(await (await fetch(`http://127.0.0.1:${port}/`)).text());

describe('a service under runWorkerCluster (two workers)', () => {
  test('both workers serve the one port; SIGTERM stops both and the primary exits 0', async () => {
    const fixture = await startFixture({});
    await fixture.until(() => fixture.ready().length === 2);
    const workers = new Set(fixture.ready().map((line) => line.pid));
    const answered = new Set<number>();
    for (let request = 0; request < 10; request += 1) answered.add(await servedBy(fixture.port));
    assert.deepEqual(answered, workers, 'connections reach both workers');

    fixture.child.kill('SIGTERM');
    const [code] = await fixture.closed;
    assert.equal(code, 0);
    const stopped = fixture.lines.filter((line) => line.msg === 'stopped').map((line) => line.pid);
    assert.deepEqual(new Set(stopped), workers);
  });

  test('a worker that dies after the start is replaced', async () => {
    const fixture = await startFixture({});
    await fixture.until(() => fixture.ready().length === 2);
    const [victim] = fixture.ready();
    process.kill(victim?.pid ?? 0, 'SIGKILL');
    await fixture.until(() => fixture.ready().length === 3);
    assert.ok(fixture.lines.some((line) => line.msg === 'a worker died; starting another'));
    fixture.child.kill('SIGTERM');
    const [code] = await fixture.closed;
    assert.equal(code, 0);
  });

  test('a worker that cannot start fails the whole start: the primary exits 1', async () => {
    const fixture = await startFixture({ FAIL_START: '1' });
    const [code] = await fixture.closed;
    assert.equal(code, 1);
    assert.ok(fixture.lines.some((line) => line.msg === 'a worker failed to start'));
  });

  test('a second SIGTERM makes stuck workers exit 1 at once, naming what is still open', async () => {
    const fixture = await startFixture({ STUCK: '1', DEADLINE_MS: '60000' });
    await fixture.until(() => fixture.ready().length === 2);
    const startedAt = Date.now();
    fixture.child.kill('SIGTERM');
    await fixture.until(() => fixture.lines.filter((line) => line.msg === 'shutting down').length === 2);
    fixture.child.kill('SIGTERM');
    const [code] = await fixture.closed;
    assert.equal(code, 1);
    assert.ok(Date.now() - startedAt < 60_000);
    const forced = fixture.lines.filter((line) => /^second /.test(line.msg));
    assert.equal(forced.length, 2);
    for (const line of forced) assert.deepEqual(line.stillOpen, ['kafka consumer']);
  });
});
