import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, loadConfig } from '@fcfs/shared';
import { requireTestEnv } from '@fcfs/shared/testing';
import { type Catalog, startTestCatalog } from '../../subgraphs/catalog/test/catalog-harness.ts';
import {
  codeFromMail,
  PASSWORD,
  startTestUsers,
  type Users,
} from '../../subgraphs/users/test/users-harness.ts';
import { type GatewayApp, startGateway } from '../src/app.ts';
import { gatewayEnv } from '../src/config.ts';

/** Distinguishes this run's client addresses, emails and Redis keys from any other run's. */
export const runId = randomBytes(4).toString('hex');
let sequence = 0;
export const unique = (label: string) => {
  sequence += 1;
  return `${label}-${runId}-${sequence}`;
};
/** A client address of its own, so one test's rate-limit buckets never fill another's. */
export const uniqueClient = () => unique('client');

export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface HttpResult {
  status: number;
  headers: Headers;
  body: GraphQLBody;
}

export interface RequestOptions {
  token?: string;
  /** Sent as X-Forwarded-For; the test gateway trusts one proxy hop, so it becomes the client address. */
  client?: string;
  headers?: Record<string, string>;
}

export async function postGraphQL(
  url: string,
  payload: { query?: string; variables?: Record<string, unknown>; extensions?: Record<string, unknown> },
  options: RequestOptions = {},
): Promise<HttpResult> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': options.client ?? uniqueClient(),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify(payload),
  });
  const text = await response.text();
  let body: GraphQLBody;
  try {
    body = JSON.parse(text) as GraphQLBody;
  } catch {
    body = { errors: [{ message: text }] };
  }
  return { status: response.status, headers: response.headers, body };
}

/** The named field of a successful response; a failed one throws with the whole body, so a broken step says why. */
export function dataOf<Field>(result: HttpResult, field: string): Field {
  const value = result.body.data?.[field];
  if (value === undefined || value === null) throw new Error(`no ${field} in ${JSON.stringify(result.body)}`);
  return value as Field;
}

export interface RecordedRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Sits between the gateway and a subgraph and remembers what the gateway sent, so a test can look at (and
 * replay) a real signed subgraph request.
 */
export async function startRecorder(target: string) {
  const recorded: RecordedRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    if (req.method === 'POST') recorded.push({ headers: req.headers, body });
    const forwarded = Object.fromEntries(
      Object.entries(req.headers).flatMap(([name, value]) =>
        typeof value === 'string' && !['host', 'content-length', 'connection'].includes(name)
          ? [[name, value]]
          : [],
      ),
    );
    const response = await fetch(new URL(req.url ?? '/graphql', target), {
      method: req.method,
      headers: forwarded,
      ...(req.method === 'POST' ? { body } : {}),
    });
    res.writeHead(response.status, {
      'content-type': response.headers.get('content-type') ?? 'application/json',
    });
    res.end(await response.text());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    recorded,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: a subgraph this test does not start. */
const UNREACHABLE = 'http://127.0.0.1:9/graphql';

export interface Platform {
  users: Users;
  catalog: Catalog;
  /** What the gateway sent to catalog. */
  catalogTraffic: RecordedRequest[];
  gateway: GatewayApp;
  url: string;
  graphql: (
    query: string,
    variables?: Record<string, unknown>,
    options?: RequestOptions,
  ) => Promise<HttpResult>;
  close: () => Promise<void>;
}

/** Real users and catalog subgraphs and the gateway in front of them, all on free ports. */
export async function startPlatform(
  env: Record<string, string> = {},
  extraSubgraphs: { ORDERS_URL?: string; PAYMENTS_URL?: string } = {},
): Promise<Platform> {
  const users = await startTestUsers();
  const catalog = await startTestCatalog();
  const recorder = await startRecorder(catalog.url);
  const closeSubgraphs = async () => {
    await recorder.close();
    await catalog.close();
    await users.close();
  };
  let gateway: GatewayApp;
  try {
    gateway = await startTestGateway({
      USERS_URL: users.url,
      CATALOG_URL: recorder.url,
      ORDERS_URL: extraSubgraphs.ORDERS_URL ?? UNREACHABLE,
      PAYMENTS_URL: extraSubgraphs.PAYMENTS_URL ?? UNREACHABLE,
      ...env,
    });
  } catch (error) {
    await closeSubgraphs();
    throw error;
  }
  return {
    users,
    catalog,
    catalogTraffic: recorder.recorded,
    gateway,
    url: gateway.url,
    graphql: (query, variables, options) => postGraphQL(gateway.url, { query, variables }, options),
    close: async () => {
      await gateway.stop();
      await closeSubgraphs();
    },
  };
}

/** The gateway on a free port, trusting one proxy hop so tests pick their client address. */
export async function startTestGateway(env: Record<string, string>): Promise<GatewayApp> {
  const config = loadConfig(gatewayEnv, {
    ...process.env,
    NODE_ENV: 'test',
    TRUST_PROXY_HOPS: '1',
    SUBSCRIPTION_REVOCATION_CHECK: '1s',
    ...env,
  });
  const logger = createLogger('gateway-test', process.env.LOG_LEVEL ?? 'warn');
  return startGateway({ ...config, PORT: 0 }, logger, { host: '127.0.0.1' });
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  userId: string;
}

const LOGIN = /* GraphQL */ `
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) { accessToken refreshToken user { id } }
  }
`;

const sessionFrom = (result: HttpResult, field: string): Session => {
  const payload = result.body.data?.[field] as
    | { accessToken: string; refreshToken: string; user: { id: string } }
    | undefined;
  if (!payload) throw new Error(`${field} failed: ${JSON.stringify(result.body)}`);
  return { accessToken: payload.accessToken, refreshToken: payload.refreshToken, userId: payload.user.id };
};

/** Makes sure the seeded admin exists (users' own seed) and logs it in through the gateway. */
export async function loginAdmin(platform: Platform): Promise<Session> {
  const email = requireTestEnv('ADMIN_EMAIL');
  const password = requireTestEnv('ADMIN_PASSWORD');
  const { seedAdmin } = await import('../../subgraphs/users/src/seed.ts');
  await seedAdmin(platform.users.deps, email, password);
  return sessionFrom(await platform.graphql(LOGIN, { email, password }), 'login');
}

/** Signs a new customer up through the gateway: code by mail, verification, sign-up. */
export async function signUpCustomer(platform: Platform): Promise<Session & { email: string }> {
  const email = `${unique('buyer')}@example.test`;
  const client = uniqueClient();
  const requested = await platform.graphql(
    'mutation Request($email: String!) { requestEmailVerification(email: $email) }',
    { email },
    { client },
  );
  if (requested.body.data?.requestEmailVerification !== true) {
    throw new Error(`requestEmailVerification failed: ${JSON.stringify(requested.body)}`);
  }
  const code = await codeFromMail(email);
  const verified = await platform.graphql(
    'mutation Verify($email: String!, $code: String!) { verifyEmail(email: $email, code: $code) { verificationToken } }',
    { email, code },
    { client },
  );
  const verification = verified.body.data?.verifyEmail as { verificationToken: string } | undefined;
  if (!verification) throw new Error(`verifyEmail failed: ${JSON.stringify(verified.body)}`);
  const signedUp = await platform.graphql(
    /* GraphQL */ `
      mutation SignUp($input: SignUpInput!) {
        signUp(input: $input) { accessToken refreshToken user { id } }
      }
    `,
    {
      input: {
        email,
        password: PASSWORD,
        name: 'Test Buyer',
        address: '1 Test Street',
        verificationToken: verification.verificationToken,
      },
    },
    { client },
  );
  return { ...sessionFrom(signedUp, 'signUp'), email };
}

export { PASSWORD, requireTestEnv };
