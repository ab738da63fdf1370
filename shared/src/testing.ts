import { type SignedOperation, signUserContext, type Viewer } from './auth/index.ts';

export interface GraphQLResponse<Data = Record<string, unknown>> {
  status: number;
  data?: Data | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** Calls a subgraph over HTTP the way the gateway does: the operation signed for `viewer` (null = anonymous). */
export async function callSubgraph<Data = Record<string, unknown>>(
  url: string,
  secret: string,
  viewer: Viewer | null,
  operation: SignedOperation,
  extraHeaders: Record<string, string> = {},
): Promise<GraphQLResponse<Data>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...signUserContext(secret, viewer, operation),
      ...extraHeaders,
    },
    body: JSON.stringify(operation),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<Data>, 'status'>;
  return { status: response.status, ...body };
}

/** Reads a variable the test runner exported (scripts/test.sh loads .infra/local.env). */
export function requireTestEnv(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run the tests through 'pnpm test' (it loads .infra/local.env)`);
  return value;
}
