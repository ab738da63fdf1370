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

const NODE_SERVICES = ['catalog', 'gateway', 'orders', 'payments', 'users'];
const OBSERVABILITY = ['grafana', 'jaeger', 'prometheus'];

test('compose runs the infrastructure, the migration, the five Node services and the storefront, and observability on demand', () => {
  const services = compose('--profile', 'observability', 'config', '--services').trim().split('\n').sort();
  assert.deepEqual(
    services,
    [
      ...NODE_SERVICES,
      ...OBSERVABILITY,
      'kafka',
      'mailcatcher',
      'migrate',
      'mysql',
      'redis',
      'redis-cluster',
      'storefront',
    ].sort(),
  );
  // Only in the profile: a plain `docker compose up` starts none of them.
  const config = compose('--profile', 'observability', 'config');
  for (const service of OBSERVABILITY) {
    const definition = new RegExp(`\\n  ${service}:\\n((?:    .*\\n|\\s*\\n)+)`).exec(config)?.[1] ?? '';
    assert.match(
      definition,
      /profiles:\n\s+- observability\n/,
      `${service} belongs to the observability profile`,
    );
  }
  const cluster = /\n {2}redis-cluster:\n((?: {4}.*\n|\s*\n)+)/.exec(config)?.[1] ?? '';
  assert.match(cluster, /profiles:\n\s+- redis-cluster\n/, 'the Redis Cluster is only in its own profile');
});

test('Prometheus scrapes every Node service on the port compose gives it', () => {
  const config = compose('config');
  const targets = readRootFile('observability/prometheus.yml');
  for (const service of NODE_SERVICES) {
    const definition = new RegExp(`\\n  ${service}:\\n((?:    .*\\n|\\s*\\n)+)`).exec(config)?.[1] ?? '';
    const port = /PORT: ['"]?(\d+)['"]?\n/.exec(definition)?.[1];
    assert.ok(port, `${service} has no PORT in compose`);
    assert.ok(
      targets.includes(`${service}:${port}`),
      `observability/prometheus.yml does not scrape ${service}:${port}`,
    );
  }
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
