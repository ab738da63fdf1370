// Hive Gateway on the committed supergraph, in a process of its own so that it, like our gateway, has a core's
// worth of event loop to itself rather than sharing the load generator's. Started by bench/hive-gateway.ts.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { createInlineSigningKeyProvider, extractFromHeader, useJWT } from '@graphql-mesh/plugin-jwt-auth';
import httpTransport from '@graphql-mesh/transport-http';
import { useSubgraphSigning } from './hive-signing-plugin.ts';

const SUPERGRAPH = new URL('../gateway/supergraph.graphql', import.meta.url).pathname;

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const port = Number(required('HIVE_GATEWAY_PORT'));
const subgraphUrls = JSON.parse(required('HIVE_SUBGRAPH_URLS')) as Record<string, string>;

/** The committed supergraph names `pnpm start`'s ports; the bench's subgraphs listen elsewhere. */
const supergraph = readFileSync(SUPERGRAPH, 'utf8').replace(
  /@join__graph\(name: "([a-z]+)", url: "[^"]*"\)/g,
  (_declaration, name: string) => {
    const url = subgraphUrls[name];
    if (!url) throw new Error(`no bench URL for subgraph ${name}`);
    return `@join__graph(name: "${name}", url: "${url}")`;
  },
);

const runtime = createGatewayRuntime({
  supergraph,
  // Given rather than left to the runtime's import by name, which pnpm's isolated node_modules cannot resolve.
  transports: { http: httpTransport },
  logging: 'error',
  landingPage: false,
  graphiql: false,
  // Our gateway enforces the supergraph's @authenticated and @requiresScopes too.
  genericAuth: {
    mode: 'protect-granular',
    resolveUserFn: (context) => context.jwt?.payload,
    // Called for anonymous callers too, with no user despite the type.
    extractScopes: (user) => (typeof user?.role === 'string' ? [user.role] : []),
  },
  // Hive's executor shares an identical subgraph read already in flight, keyed by its body and the headers
  // propagated here. Our signing plugin runs later (onFetch), so without the caller's token in that key two
  // buyers' `me` would share one answer. With it, Hive shares per caller, as our gateway does (shared-reads).
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') }),
  },
  plugins: () => [
    // Its published types carry their own copy of Hive's Logger class, which TypeScript cannot match with the
    // runtime's: the plugin is the runtime's own kind at run time.
    useJWT({
      signingKeyProviders: [
        createInlineSigningKeyProvider(readFileSync(required('JWT_PUBLIC_KEY_FILE'), 'utf8')),
      ],
      tokenLookupLocations: [extractFromHeader({ name: 'authorization', prefix: 'Bearer' })],
      tokenVerification: {
        // Pinned as in gateway/src/auth/access-token.ts.
        algorithms: ['ES256'],
        issuer: required('JWT_ISSUER'),
        audience: required('JWT_AUDIENCE'),
      },
      // Like ours: anonymous reads pass, a bad token is refused.
      reject: { missingToken: false, invalidToken: true },
      // The signed context carries who the caller is; the subgraphs read nothing from `extensions`.
      forward: { payload: false, token: false },
    }) as unknown as GatewayPlugin,
    useSubgraphSigning(required('GATEWAY_SIGNING_SECRET'), subgraphUrls),
  ],
});

const server = createServer(runtime);
server.listen(port, '127.0.0.1');

process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(async () => {
    await runtime.dispose();
    process.exit(0);
  });
});
