import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KEEP_ALIVE_TIMEOUT_MS } from '@fcfs/shared';

export interface JsonReply {
  status: number;
  body: string;
}

export type JsonHandler = (headers: IncomingHttpHeaders, body: string) => Promise<JsonReply>;

/**
 * A bare node:http server on a free loopback port (no express, no body parser, no GraphQL) that tells its
 * parent the port on stdout. On SIGTERM, or when the parent's end of stdin closes (the bench exited, however it
 * ended), it runs `onStop` and exits. A handler's throw is a 500.
 */
export function serveJson(handle: JsonHandler, onStop: () => Promise<void>): void {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      handle(request.headers, Buffer.concat(chunks).toString('utf8'))
        .catch((error: unknown) => ({ status: 500, body: JSON.stringify({ error: String(error) }) }))
        .then(({ status, body }) =>
          response
            .writeHead(status, {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
            })
            .end(body),
        );
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close();
    server.closeAllConnections();
    onStop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.stdin.once('close', stop).resume();
}
