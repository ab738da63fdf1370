import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { authorizationRules } from '../src/auth/authorization-rules.ts';
import { discoverSubgraphs, repositoryRoot } from '../src/composition/subgraphs.ts';
import {
  API_SCHEMA_PATH,
  composeSupergraph,
  ROVER_CONFIG_PATH,
  SUPERGRAPH_PATH,
} from '../src/composition/supergraph.ts';

/** Where a committed file and a fresh composition part ways, short enough to read in a failure. */
function firstDifference(committed: string, composed: string): string | null {
  if (committed === composed) return null;
  const before = committed.split('\n');
  const after = composed.split('\n');
  const line = before.findIndex((text, index) => text !== after[index]);
  const at = line === -1 ? before.length : line;
  return `stale from line ${at + 1}: committed ${JSON.stringify(before[at])}, composed ${JSON.stringify(after[at])} — run \`pnpm compose\``;
}

describe('composition', () => {
  test('the committed supergraph, API schema and Rover config match the subgraph schemas (else run `pnpm compose`)', () => {
    const composition = composeSupergraph(discoverSubgraphs());
    assert.ok(composition.ok, composition.ok ? '' : composition.errors.join('\n'));
    assert.equal(firstDifference(readFileSync(SUPERGRAPH_PATH, 'utf8'), composition.supergraphSdl), null);
    assert.equal(firstDifference(readFileSync(API_SCHEMA_PATH, 'utf8'), composition.apiSchemaSdl), null);
    assert.equal(firstDifference(readFileSync(ROVER_CONFIG_PATH, 'utf8'), composition.roverConfig), null);
  });

  test('`pnpm compose --check` agrees and exits 0', () => {
    const run = spawnSync(process.execPath, ['gateway/src/composition/compose.ts', '--check'], {
      cwd: repositoryRoot,
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
  });

  test('composition errors name their code and fail', () => {
    const source = (name: string, sdl: string) => ({
      name,
      url: `http://${name}/graphql`,
      schemaPath: `${name}.graphql`,
      sdl,
    });
    const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])';
    const composition = composeSupergraph([
      source('a', `${link}\ntype Query { thing: Thing }\ntype Thing { id: ID! name: String! }`),
      source('b', `${link}\ntype Query { other: Thing }\ntype Thing { id: ID! name: Int! }`),
    ]);
    assert.equal(composition.ok, false);
    assert.ok(
      !composition.ok && composition.errors.some((error) => error.startsWith('INVALID_FIELD_SHARING: ')),
    );

    const broken = composeSupergraph([source('a', 'type Query {')]);
    assert.deepEqual(broken.ok ? [] : broken.errors.map((error) => error.split(':')[0]), ['[a] a.graphql']);
  });

  test('the auth directives the gateway enforces are read from the supergraph', () => {
    const rules = authorizationRules(readFileSync(SUPERGRAPH_PATH, 'utf8'));
    assert.deepEqual(rules.fields.get('Mutation.createProduct'), [{ kind: 'scopes', anyOf: [['ADMIN']] }]);
    assert.deepEqual(rules.fields.get('Mutation.logout'), [{ kind: 'authenticated' }]);
    assert.equal(rules.fields.get('Query.product'), undefined);
  });
});
