import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const rootUrl = new URL('../../', import.meta.url);
const root = fileURLToPath(rootUrl);
const readRootFile = (path: string) => readFileSync(new URL(path, rootUrl), 'utf8');

/** docker-compose 1.x (Debian's package) or the compose v2 plugin: `config` needs no Docker engine. */
function composeCommand(): string[] {
  for (const candidate of [['docker-compose'], ['docker', 'compose']]) {
    const [command = '', ...args] = candidate;
    if (spawnSync(command, [...args, 'version'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  assert.fail('neither docker-compose nor `docker compose` is installed (apt-get install -y docker-compose)');
}

/** Runs compose against .env.example only, so a developer's .env or shell cannot make a broken file pass. */
function compose(...args: string[]): string {
  const [command = '', ...prefix] = composeCommand();
  const result = spawnSync(
    command,
    [...prefix, '--env-file', '.env.example', '-f', 'docker-compose.yml', ...args],
    {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/' },
    },
  );
  assert.equal(result.status, 0, `compose ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout;
}

test('docker-compose.yml is valid with the placeholders of .env.example', () => {
  compose('config', '-q');
});

test('compose runs the infrastructure, the migration and the five Node services', () => {
  const services = compose('config', '--services').trim().split('\n').sort();
  assert.deepEqual(services, [
    'catalog',
    'gateway',
    'kafka',
    'mailcatcher',
    'migrate',
    'mysql',
    'orders',
    'payments',
    'redis',
    'users',
  ]);
});

test('compose pins the same Kafka and maildev versions as native runs', () => {
  const config = compose('config');
  const kafkaVersion = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(
    readRootFile('infra/kafka/pom.xml'),
  )?.[1];
  const maildevVersion = JSON.parse(readRootFile('package.json')).devDependencies?.maildev;
  assert.ok(kafkaVersion, 'infra/kafka/pom.xml has no <kafka.version>');
  assert.match(
    maildevVersion,
    /^\d+\.\d+\.\d+$/,
    'maildev must be pinned to an exact version in package.json',
  );
  assert.ok(
    config.includes(`image: apache/kafka:${kafkaVersion}\n`),
    `compose must use apache/kafka:${kafkaVersion}`,
  );
  assert.ok(
    config.includes(`image: maildev/maildev:${maildevVersion}\n`),
    `compose must use maildev/maildev:${maildevVersion}`,
  );
});

test('every variable docker-compose.yml interpolates is documented in .env.example', () => {
  const interpolated = new Set(
    [...readRootFile('docker-compose.yml').matchAll(/\$\{([A-Z0-9_]+)/g)].map((m) => m[1]),
  );
  const documented = new Set([...readRootFile('.env.example').matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]));
  assert.ok(interpolated.size > 10, 'docker-compose.yml interpolates suspiciously few variables');
  assert.deepEqual(
    [...interpolated].filter((name) => !documented.has(name)),
    [],
  );
});
