import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export interface StorefrontServerOptions {
  /** The production build (`vite build` output). */
  distDir: string;
  /** The gateway as browsers reach it; the page reads it from `/config.js`, so one build fits every host. */
  graphqlUrl: string;
  port: number;
  host?: string;
}

export interface StorefrontServer {
  url: string;
  server: Server;
  close: () => Promise<void>;
}

/**
 * The page may talk to its own origin and the gateway only, and run only its own scripts: tokens live in
 * the page's memory, so what an injected script could do is what this policy forbids.
 */
function securityHeaders(graphqlUrl: string): Record<string, string> {
  const gateway = new URL(graphqlUrl);
  const socket = `${gateway.protocol === 'https:' ? 'wss:' : 'ws:'}//${gateway.host}`;
  return {
    'content-security-policy': [
      "default-src 'self'",
      `connect-src 'self' ${gateway.origin} ${socket}`,
      "img-src 'self' data:",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "form-action 'self'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}

/** Serves the built storefront: hashed assets cached for good, every other path gets the app's index.html. */
export async function startStorefrontServer(options: StorefrontServerOptions): Promise<StorefrontServer> {
  const { distDir, graphqlUrl, port, host = '0.0.0.0' } = options;
  const index = await readFile(join(distDir, 'index.html'));
  const headers = securityHeaders(graphqlUrl);
  const configScript = `window.FCFS_CONFIG = ${JSON.stringify({ graphqlUrl })};\n`;

  const server = createServer(async (req, res) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://storefront').pathname);
    } catch {
      res.writeHead(400, headers).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', ...headers }).end();
      return;
    }
    if (path === '/health') {
      res.writeHead(200, { 'content-type': 'application/json', ...headers }).end('{"status":"ok"}');
      return;
    }
    if (path === '/config.js') {
      res.writeHead(200, { 'content-type': CONTENT_TYPES['.js'], 'cache-control': 'no-store', ...headers });
      res.end(configScript);
      return;
    }
    const file = normalize(join(distDir, path));
    if (path.startsWith('/assets/') && file.startsWith(join(distDir, 'assets'))) {
      try {
        const body = await readFile(file);
        res.writeHead(200, {
          'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
          'cache-control': 'public, max-age=31536000, immutable',
          ...headers,
        });
        res.end(req.method === 'HEAD' ? undefined : body);
      } catch {
        res.writeHead(404, headers).end();
      }
      return;
    }
    res.writeHead(200, { 'content-type': CONTENT_TYPES['.html'], 'cache-control': 'no-cache', ...headers });
    res.end(req.method === 'HEAD' ? undefined : index);
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${actualPort}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
