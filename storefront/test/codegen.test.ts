import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { generate } from '@graphql-codegen/cli';
import config from '../codegen.ts';

const storefront = new URL('../', import.meta.url).pathname;

test('the committed typed operations match gateway/api-schema.graphql and the documents (else `pnpm --filter @fcfs/storefront codegen`)', async () => {
  const outputs = (await generate({ ...config, cwd: storefront, silent: true }, false)) as {
    filename: string;
    content: string;
  }[];
  assert.ok(outputs.length >= 2, 'codegen produced nothing');
  for (const { filename, content } of outputs) {
    const committed = readFileSync(join(storefront, filename), 'utf8');
    assert.equal(committed, content, `${filename} is stale`);
  }
});
