import { randomUUID } from 'node:crypto';
import type { AccountFactory, BenchAccount } from './accounts.ts';
import { runArrivals } from './drive.ts';
import { bearer, errorCode, type GraphQLClient, type TimedResponse } from './graphql-client.ts';
import { type LatencySummary, summarize } from './stats.ts';

/**
 * The seed design's JMeter figures (docs/architecture.md#lessons-from-the-seed-design), ms: what each step is
 * compared against.
 */
export const SEED_FIGURES = {
  login: { p99: 291 },
  addToCart: { p99: 1_767 },
  checkoutCart: { p50: 33, p95: 311, p99: 2_568 },
} as const;

export const SEED_STEPS = ['login', 'addToCart', 'checkoutCart'] as const;
export type SeedStep = (typeof SEED_STEPS)[number];

export interface SeedSettings {
  buyers: number;
  durationMs: number;
  loggedIn: boolean;
  bcryptCost: number;
}

export interface SeedResult {
  buyers: number;
  durationSeconds: number;
  loggedIn: boolean;
  bcryptCost: number;
  /** Per step: latency of successful calls, and failures by code. */
  steps: Partial<
    Record<
      SeedStep,
      LatencySummary & { errors: Record<string, number>; errorSamples: Record<string, string> }
    >
  >;
  /** Sessions that ended with an order. */
  ordered: number;
  wallSeconds: number;
}

export const LOGIN = /* GraphQL */ `
  mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }
`;
const ADD_TO_CART = /* GraphQL */ `
  mutation Add($productId: ID!) { addToCart(productId: $productId, quantity: 1) { totalQuantity } }
`;
const CHECKOUT = /* GraphQL */ `
  mutation Checkout($key: String!) { checkoutCart(idempotencyKey: $key) { id status } }
`;

/**
 * The seed design's load test through the gateway: buyers arrive evenly over the duration, each logs in, adds
 * the product to the cart and checks the cart out; a session stops at its first failed step. With `loggedIn`
 * the buyers hold a token from before the sale and only the cart and the checkout are timed.
 */
export async function runSeedScenario(
  gateway: GraphQLClient,
  accounts: AccountFactory,
  buyers: BenchAccount[],
  productId: string,
  settings: SeedSettings,
): Promise<SeedResult> {
  const latencies: Record<SeedStep, number[]> = { login: [], addToCart: [], checkoutCart: [] };
  const errors: Record<SeedStep, Record<string, number>> = { login: {}, addToCart: {}, checkoutCart: {} };
  const errorSamples: Record<SeedStep, Record<string, string>> = {
    login: {},
    addToCart: {},
    checkoutCart: {},
  };
  const record = (step: SeedStep, response: TimedResponse<unknown>, ok: boolean): boolean => {
    if (ok) latencies[step].push(response.ms);
    else {
      const code = errorCode(response);
      errors[step][code] = (errors[step][code] ?? 0) + 1;
      errorSamples[step][code] ??= response.errors?.[0]?.message ?? `HTTP ${response.status}`;
    }
    return ok;
  };
  let ordered = 0;

  const started = performance.now();
  await runArrivals(settings.buyers, settings.durationMs, async (index) => {
    const buyer = buyers[index];
    if (!buyer) return;
    let token = settings.loggedIn ? accounts.session(buyer).token : '';
    if (!settings.loggedIn) {
      const login = await gateway.post<{ login: { accessToken: string } }>({
        query: LOGIN,
        variables: { email: buyer.email, password: accounts.password },
      });
      if (!record('login', login, Boolean(login.data?.login?.accessToken))) return;
      token = login.data?.login.accessToken ?? '';
    }
    const added = await gateway.post<{ addToCart: unknown }>(
      { query: ADD_TO_CART, variables: { productId } },
      bearer(token),
    );
    if (!record('addToCart', added, Boolean(added.data?.addToCart))) return;
    const order = await gateway.post<{ checkoutCart: { id: string } }>(
      { query: CHECKOUT, variables: { key: randomUUID() } },
      bearer(token),
    );
    if (record('checkoutCart', order, Boolean(order.data?.checkoutCart?.id))) ordered += 1;
  });

  const steps = settings.loggedIn ? SEED_STEPS.filter((step) => step !== 'login') : SEED_STEPS;
  return {
    buyers: settings.buyers,
    durationSeconds: settings.durationMs / 1_000,
    loggedIn: settings.loggedIn,
    bcryptCost: settings.bcryptCost,
    steps: Object.fromEntries(
      steps.map((step) => [
        step,
        { ...summarize(latencies[step]), errors: errors[step], errorSamples: errorSamples[step] },
      ]),
    ),
    ordered,
    wallSeconds: Math.round((performance.now() - started) / 100) / 10,
  };
}
