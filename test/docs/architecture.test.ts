import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ERROR_CODES, EVENT_TYPES, INTERNAL_ERROR_CODE, ORDER_STATUSES } from '@fcfs/shared';

/**
 * docs/architecture.md against the code, both ways: every error code, event type and order state the page
 * names exists in the code, and every one the code has is in the page's tables (with the event producers and
 * consumers, and the lifecycle moves, as the code has them). Reads files only: no infrastructure needed.
 */

const root = new URL('../../', import.meta.url).pathname;
const doc = readFileSync(join(root, 'docs/architecture.md'), 'utf8');

const SERVICES = ['users', 'catalog', 'orders', 'payments', 'gateway'] as const;
type Service = (typeof SERVICES)[number];
const sourceDirOf = (service: Service) =>
  service === 'gateway' ? 'gateway/src' : `subgraphs/${service}/src`;

/** Every file under `dir` (relative to the root) whose name ends with one of `extensions`, generated code aside. */
function filesUnder(dir: string, extensions: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    for (const entry of readdirSync(join(root, path), { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== '__generated__') walk(child);
      } else if (extensions.some((extension) => entry.name.endsWith(extension))) {
        found.push(child);
      }
    }
  };
  walk(dir);
  return found;
}

const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** The lines of the section under `heading` (any level), up to the next heading. */
function section(heading: string): string[] {
  const lines = doc.split('\n');
  const start = lines.findIndex((line) => /^#{2,4} /.test(line) && line.replace(/^#+ /, '') === heading);
  assert.notEqual(start, -1, `docs/architecture.md has no section "${heading}"`);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => /^#{1,4} /.test(line));
  return end === -1 ? rest : rest.slice(0, end);
}

/** The body rows of the first table in a section, as trimmed cells (`\|` inside a cell is not a separator). */
function tableRows(heading: string): string[][] {
  const rows = section(heading).filter((line) => line.startsWith('|'));
  assert.ok(rows.length > 2, `section "${heading}" has no table`);
  return rows.slice(2).map((row) =>
    row
      .trim()
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim()),
  );
}

/** The text of every code span in `text`. */
const codeSpans = (text: string): string[] =>
  [...text.matchAll(/`([^`\n]+)`/g)].map((match) => match[1] ?? '');

/** The one code span a cell must be, e.g. "`OUT_OF_STOCK`" → OUT_OF_STOCK. */
function codeCell(cell: string | undefined, where: string): string {
  const spans = codeSpans(cell ?? '');
  assert.equal(spans.length, 1, `${where}: expected one code span, got "${cell}"`);
  return spans[0] ?? '';
}

const servicesIn = (cell: string | undefined): Service[] =>
  SERVICES.filter((service) => new RegExp(`\\b${service}\\b`).test(cell ?? ''));

const sorted = <Item>(items: Iterable<Item>) => [...items].sort();

const EVENT_NAME = /^(order|payment|product)\.[a-z-]+$/;
const UPPER_NAME = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;

/** Words of the code: every upper-case identifier the services, shared code, schemas and scripts contain. */
function codeVocabulary(): Set<string> {
  const sources = [
    ...filesUnder('shared/src', ['.ts', '.lua']),
    ...filesUnder('gateway/src', ['.ts']),
    ...filesUnder('subgraphs', ['.ts', '.graphql', '.lua']).filter((path) => !path.includes('/test/')),
    ...filesUnder('scripts', ['.ts', '.sh']),
    '.env.example',
  ];
  const words = new Set<string>();
  for (const path of sources) {
    for (const [word] of read(path).matchAll(/\b[A-Z][A-Z0-9_]*\b/g)) words.add(word);
  }
  return words;
}

/** Event types whose event a service creates (`createEvent('<type>', …)` in its source). */
function producersOf(): Map<string, Set<Service>> {
  const producers = new Map<string, Set<Service>>();
  for (const service of SERVICES) {
    for (const path of filesUnder(sourceDirOf(service), ['.ts'])) {
      for (const match of read(path).matchAll(/createEvent\(\s*'([a-z]+\.[a-z-]+)'/g)) {
        const type = match[1] ?? '';
        producers.set(type, (producers.get(type) ?? new Set()).add(service));
      }
    }
  }
  return producers;
}

/** Event types a service handles: the `'<type>': handler` keys in its source. */
function consumersOf(): Map<string, Set<Service>> {
  const consumers = new Map<string, Set<Service>>();
  for (const service of SERVICES) {
    for (const path of filesUnder(sourceDirOf(service), ['.ts'])) {
      for (const match of read(path).matchAll(/^\s*'([a-z]+\.[a-z-]+)'\s*:/gm)) {
        const type = match[1] ?? '';
        if (!(EVENT_TYPES as readonly string[]).includes(type)) continue;
        consumers.set(type, (consumers.get(type) ?? new Set()).add(service));
      }
    }
  }
  return consumers;
}

/** The orders state machine's moves, from wherever in orders' domain `ORDER_TRANSITIONS` is exported. */
async function orderTransitions(): Promise<Record<string, readonly string[]>> {
  const candidates = filesUnder('subgraphs/orders/src', ['.ts']).filter((path) =>
    /export const ORDER_TRANSITIONS\b/.test(read(path)),
  );
  assert.equal(candidates.length, 1, `expected one module exporting ORDER_TRANSITIONS, found ${candidates}`);
  const module = (await import(pathToFileURL(join(root, candidates[0] ?? '')).href)) as {
    ORDER_TRANSITIONS: Record<string, readonly string[]>;
  };
  return module.ORDER_TRANSITIONS;
}

describe('docs/architecture.md matches the code', () => {
  test('the error code table lists exactly the codes a client can get', () => {
    const documented = tableRows('Error codes').map(([cell]) => codeCell(cell, 'Error codes'));
    assert.deepEqual(sorted(documented), sorted([...ERROR_CODES, INTERNAL_ERROR_CODE]));
  });

  test('the state table lists exactly the order states', () => {
    const documented = tableRows('States').map(([cell]) => codeCell(cell, 'States'));
    assert.deepEqual(sorted(documented), sorted(ORDER_STATUSES));
  });

  test("the transition table lists exactly the state machine's moves", async () => {
    const transitions = await orderTransitions();
    const inCode = Object.entries(transitions).flatMap(([from, targets]) =>
      targets.map((to) => `${from} → ${to}`),
    );
    const rows = tableRows('Transitions');
    const documented: string[] = [];
    for (const [from, to] of rows) {
      const target = codeCell(to, 'Transitions, "to"');
      assert.ok((ORDER_STATUSES as readonly string[]).includes(target), `not an order state: ${target}`);
      if (codeSpans(from ?? '').length === 0) continue; // the order's creation
      documented.push(`${codeCell(from, 'Transitions, "from"')} → ${target}`);
    }
    assert.deepEqual(sorted(documented), sorted(inCode));
    assert.equal(rows.length - documented.length, 1, 'one row for the creation of an order');
  });

  test('the event table lists exactly the event types, with their producers and consumers', () => {
    const producers = producersOf();
    const consumers = consumersOf();
    const rows = tableRows('Event table');
    const documented = rows.map(([cell]) => codeCell(cell, 'Event table'));
    assert.deepEqual(sorted(documented), sorted(EVENT_TYPES));
    for (const [cell, producedBy, consumedBy] of rows) {
      const type = codeCell(cell, 'Event table');
      assert.deepEqual(
        sorted(servicesIn(producedBy)),
        sorted(producers.get(type) ?? []),
        `producers of ${type}: the services whose source calls createEvent('${type}', …)`,
      );
      assert.deepEqual(
        sorted(servicesIn(consumedBy)),
        sorted(consumers.get(type) ?? []),
        `consumers of ${type}: the services whose source has a '${type}': handler`,
      );
    }
  });

  test('every event type named anywhere on the page exists', () => {
    const unknown = codeSpans(doc).filter(
      (span) => EVENT_NAME.test(span) && !(EVENT_TYPES as readonly string[]).includes(span),
    );
    assert.deepEqual(unknown, []);
  });

  test('every upper-case name on the page (codes, states, settings) exists in the code', () => {
    const vocabulary = codeVocabulary();
    const unknown = codeSpans(doc).filter((span) => UPPER_NAME.test(span) && !vocabulary.has(span));
    assert.deepEqual([...new Set(unknown)], []);
  });

  test('README links to the page and sends no reader outside the repository', () => {
    const readme = read('README.md');
    assert.match(readme, /\]\(docs\/architecture\.md/);
    assert.doesNotMatch(readme, /DESIGN|the brief|\.\.\/shared/);
  });

  test('no source or doc cites the design document outside the repository', () => {
    const citing = [
      ...filesUnder('shared', ['.ts', '.md']),
      ...filesUnder('gateway', ['.ts', '.md']),
      ...filesUnder('subgraphs', ['.ts', '.md', '.graphql']),
      ...filesUnder('scripts', ['.ts', '.sh']),
      ...filesUnder('bench', ['.ts', '.md']),
      ...filesUnder('test', ['.ts', '.md']).filter((path) => !path.startsWith('test/docs/')),
      'docs/architecture.md',
    ].filter((path) => /DESIGN(\.md| §)/.test(read(path)));
    assert.deepEqual(citing, []);
  });

  test("every link to one of the page's sections names a heading it has", () => {
    const anchors = new Set(
      doc
        .split('\n')
        .filter((line) => /^#{1,4} /.test(line))
        .map((line) =>
          line
            .replace(/^#+ /, '')
            .toLowerCase()
            .replace(/[^a-z0-9 -]/g, '')
            .replace(/ /g, '-'),
        ),
    );
    const linking = [
      'README.md',
      'docs/architecture.md',
      ...filesUnder('shared/src', ['.ts']),
      ...filesUnder('gateway/src', ['.ts']),
      ...filesUnder('subgraphs', ['.ts', '.md']),
      ...filesUnder('scripts', ['.ts']),
      ...filesUnder('test/consistency', ['.ts']),
      ...filesUnder('bench', ['.ts']),
    ];
    const broken: string[] = [];
    for (const path of linking) {
      const text = read(path);
      for (const match of text.matchAll(/(?:architecture\.md|\]\()#([a-z0-9-]+)/g)) {
        if (path !== 'docs/architecture.md' && !match[0].startsWith('architecture.md')) continue;
        if (!anchors.has(match[1] ?? '')) broken.push(`${path}: #${match[1]}`);
      }
    }
    assert.deepEqual(broken, []);
  });
});
