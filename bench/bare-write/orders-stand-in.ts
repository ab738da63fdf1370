import { randomUUID } from 'node:crypto';
import {
  createRedis,
  loadConfig,
  redisEnv,
  redisTarget,
  StockCounters,
  signingEnv,
  subgraphSigningKey,
  verifyUserContext,
} from '@fcfs/shared';
import { MARKER_TTL_MS } from '@fcfs/shared/testing';
import { z } from 'zod';
import { releaseHolds } from '../release-holds.ts';
import { serveJson } from './serve-json.ts';

/**
 * Orders stripped to what no buy can skip: check the gateway's signature, run the reservation script, answer.
 * No Apollo, no GraphQL, no MySQL, no Kafka. The holds it takes are given back when it is stopped.
 */
const config = loadConfig(z.object({ ...redisEnv, ...signingEnv }), process.env);
const redis = createRedis(redisTarget(config), { connectionName: 'bench-bare-orders' });
const stock = new StockCounters(redis);
const key = subgraphSigningKey(config.GATEWAY_SIGNING_SECRET, 'orders');
const held: { orderId: string; productIds: string[] }[] = [];

interface Buy {
  query: string;
  variables: { input: { items: { productId: string; quantity: number }[] } };
}

serveJson(
  async (headers, text) => {
    const operation = JSON.parse(text) as Buy;
    const verified = verifyUserContext(key, headers, operation);
    if (!verified.ok || !verified.viewer) return { status: 401, body: '{"errors":[]}' };
    const orderId = randomUUID();
    const lines = operation.variables.input.items;
    const outcome = await stock.reserve(orderId, verified.viewer.id, lines, MARKER_TTL_MS);
    if (!outcome.ok) return { status: 200, body: '{"data":null,"errors":[{"message":"refused"}]}' };
    held.push({ orderId, productIds: lines.map((line) => line.productId) });
    return {
      status: 200,
      body: JSON.stringify({ data: { placeOrder: { id: orderId, status: 'PAYMENT_PENDING' } } }),
    };
  },
  async () => {
    await releaseHolds(stock, held);
    redis.disconnect();
  },
);
