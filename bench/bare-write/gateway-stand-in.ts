import {
  createRedis,
  jwtVerifyEnv,
  loadConfig,
  rateLimitRule,
  redisEnv,
  redisTarget,
  signingEnv,
  signUserContext,
  subgraphSigningKey,
} from '@fcfs/shared';
import { z } from 'zod';
import { createAccessTokenVerifier, es256PublicKey } from '../../gateway/src/auth/access-token.ts';
import { type CounterHit, createRequestGate } from '../../gateway/src/request-gate.ts';
import { createSubgraphFetcher } from '../../gateway/src/subgraph-fetcher.ts';
import { serveJson } from './serve-json.ts';

/**
 * The gateway stripped to what no authenticated buy can skip, each done by the gateway's own code: verify the
 * ES256 access token, one Redis round trip for its revocation and the placeOrder rate-limit windows, sign the
 * call and post it to orders over a keep-alive pool. No Apollo, no query planning, no GraphQL validation.
 */
const config = loadConfig(
  z.object({ ...redisEnv, ...signingEnv, ...jwtVerifyEnv, BARE_WRITE_ORDERS_URL: z.url() }),
  process.env,
);
const redis = createRedis(redisTarget(config), { connectionName: 'bench-bare-gateway' });
const gate = createRequestGate(redis);
const verifierOptions = {
  publicKey: es256PublicKey(config.JWT_PUBLIC_KEY_FILE),
  issuer: config.JWT_ISSUER,
  audience: config.JWT_AUDIENCE,
};
const ordersKey = subgraphSigningKey(config.GATEWAY_SIGNING_SECRET, 'orders');
const fetcher = createSubgraphFetcher();
const postToOrders = fetcher.to(config.BARE_WRITE_ORDERS_URL);
// The gateway's placeOrder windows; the limits are never reached by what the bench sends.
const rules = ['mutation-user', 'mutation-client', 'place-order-user', 'place-order-client'].map((name) =>
  rateLimitRule({ name: `bare-${name}`, limit: 1_000_000, windowMs: 60_000 }),
);

serveJson(
  async (headers, body) => {
    // A fresh verifier each time: every buyer of a sale is new to the gateway, so none of its tokens is cached.
    const token = createAccessTokenVerifier(verifierOptions).verify(
      String(headers.authorization ?? '').slice('Bearer '.length),
    );
    const operation = JSON.parse(body) as { query: string; variables: Record<string, unknown> };
    const hits: CounterHit[] = rules.map((rule, index) => ({
      rule,
      subject: index % 2 === 0 ? token.viewer.id : '127.0.0.1',
    }));
    const verdict = await gate.admit(token, hits);
    if (verdict.revoked) return { status: 401, body: '{"errors":[]}' };
    const signed = signUserContext(ordersKey, token.viewer, operation, {
      token: { jti: token.jti, expiresAt: token.expiresAt, sessionId: token.sid },
    });
    const reply = await postToOrders({ 'content-type': 'application/json', ...signed }, body);
    return { status: reply.status, body: reply.text };
  },
  async () => {
    await fetcher.close();
    redis.disconnect();
  },
);
