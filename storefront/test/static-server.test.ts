import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type StorefrontServer, startStorefrontServer } from '../server/static-server.ts';

const GATEWAY = 'https://api.shop.example/graphql';
let server: StorefrontServer;

before(async () => {
  const dist = mkdtempSync(join(tmpdir(), 'storefront-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>shop</title>');
  writeFileSync(join(dist, 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(join(dist, 'secret.txt'), 'not an asset');
  server = await startStorefrontServer({ distDir: dist, graphqlUrl: GATEWAY, port: 0, host: '127.0.0.1' });
});
after(() => server?.close());

const get = (path: string, method = 'GET') => fetch(`${server.url}${path}`, { method });

describe('the storefront server', () => {
  test('/config.js tells the page where the gateway is, never cached', async () => {
    const response = await get('/config.js');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(await response.text(), `window.FCFS_CONFIG = {"graphqlUrl":"${GATEWAY}"};\n`);
  });

  test('hashed assets are cached for good; any other path is the app', async () => {
    const asset = await get('/assets/app-1234.js');
    assert.equal(asset.status, 200);
    assert.match(asset.headers.get('content-type') ?? '', /javascript/);
    assert.match(asset.headers.get('cache-control') ?? '', /immutable/);
    for (const path of ['/', '/orders', '/secret.txt']) {
      const page = await get(path);
      assert.equal(await page.text(), '<!doctype html><title>shop</title>', path);
    }
    assert.equal((await get('/assets/missing.js')).status, 404);
  });

  test('no path leaves the build folder', async () => {
    for (const path of ['/assets/../secret.txt', '/assets/%2e%2e/secret.txt', '/assets/..%2fsecret.txt']) {
      const response = await get(path);
      assert.notEqual(await response.text(), 'not an asset', path);
    }
    assert.equal((await get('/%E0%A4%A')).status, 400);
    assert.equal((await get('/config.js')).status, 200, 'still serving after a malformed path');
  });

  test('every answer carries a CSP that allows only this origin and the gateway', async () => {
    const csp = (await get('/')).headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /connect-src 'self' https:\/\/api\.shop\.example wss:\/\/api\.shop\.example/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal((await get('/', 'POST')).status, 405);
  });
});
