import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { seriesInQuery } from '../support/prometheus.ts';

// The committed Grafana dashboard loads: valid JSON, every panel queries the provisioned Prometheus, and every
// series it names is one the code defines. test/e2e/metrics.test.ts checks the same names against live services.
const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

interface Panel {
  id: number;
  title: string;
  type: string;
  datasource?: { type: string; uid: string };
  gridPos: { h: number; w: number; x: number; y: number };
  targets?: { refId: string; expr: string; datasource?: { uid: string } }[];
}

const dashboard = JSON.parse(read('observability/grafana/dashboards/fcfs.json')) as {
  uid: string;
  title: string;
  panels: Panel[];
};

/** Every series name the services define: `name: 'fcfs_…'` in their sources. */
function definedSeries(): Set<string> {
  const files = [
    'shared/src/metrics/consumer-metrics.ts',
    'shared/src/metrics/outbox-metrics.ts',
    'subgraphs/orders/src/metrics.ts',
    'subgraphs/payments/src/metrics.ts',
    'subgraphs/catalog/src/metrics.ts',
    'gateway/src/metrics.ts',
  ];
  return new Set(
    files.flatMap((file) => [...read(file).matchAll(/name: '(fcfs_[a-z0-9_]+)'/g)].map((m) => m[1] ?? '')),
  );
}

test('the dashboard has a uid, a title and panels with unique ids that each query Prometheus', () => {
  assert.equal(dashboard.uid, 'fcfs-flash-sale');
  assert.ok(dashboard.title);
  assert.ok(dashboard.panels.length >= 5);
  assert.equal(new Set(dashboard.panels.map((panel) => panel.id)).size, dashboard.panels.length);
  const datasource = read('observability/grafana/provisioning/datasources/prometheus.yml');
  for (const panel of dashboard.panels) {
    assert.ok(panel.targets && panel.targets.length > 0, `panel "${panel.title}" has no query`);
    assert.ok(
      datasource.includes(`uid: ${panel.datasource?.uid}`),
      `panel "${panel.title}" uses an unknown datasource`,
    );
    for (const target of panel.targets) assert.ok(seriesInQuery(target.expr).length > 0, target.expr);
  }
});

test('the dashboard shows what an operator asks during a sale', () => {
  const titles = dashboard.panels.map((panel) => panel.title.toLowerCase()).join('\n');
  for (const topic of [
    'accepted vs refused',
    'latency',
    'stock left',
    'payment lag',
    'outbox backlog',
    'by code',
  ])
    assert.ok(titles.includes(topic), `no panel about ${topic}`);
  const queries = dashboard.panels.flatMap((panel) => panel.targets ?? []).map((target) => target.expr);
  assert.ok(queries.some((expr) => expr.includes('histogram_quantile(0.5')));
  assert.ok(queries.some((expr) => expr.includes('histogram_quantile(0.99')));
});

test('every fcfs_ series a panel queries is defined by a service', () => {
  const defined = definedSeries();
  const suffixes = /_(bucket|sum|count)$/;
  for (const panel of dashboard.panels) {
    for (const { expr } of panel.targets ?? []) {
      for (const series of seriesInQuery(expr).filter((name) => name.startsWith('fcfs_'))) {
        const family = defined.has(series) ? series : series.replace(suffixes, '');
        assert.ok(defined.has(family), `panel "${panel.title}" queries ${series}, which no service defines`);
      }
    }
  }
});

test('Grafana is provisioned from the committed folders', () => {
  const provider = read('observability/grafana/provisioning/dashboards/fcfs.yml');
  assert.match(provider, /path: \/var\/lib\/grafana\/dashboards/);
  const compose = read('docker-compose.yml');
  assert.ok(compose.includes('./observability/grafana/dashboards:/var/lib/grafana/dashboards:ro'));
  assert.ok(compose.includes('./observability/grafana/provisioning:/etc/grafana/provisioning:ro'));
  assert.ok(existsSync(new URL('observability/prometheus.yml', root)));
});
