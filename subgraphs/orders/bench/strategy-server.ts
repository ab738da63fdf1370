// One orders subgraph for the bench: the HTTP server only (no relay, consumer or scheduler, so the bench's
// orders reach no other service). Started by strategies.ts with STOCK_STRATEGY set; prints its URL.
import { createLogger, createRedis, loadConfigOrExit, redisTarget, serveGraphQL } from '@fcfs/shared';
import { ordersEnv } from '../src/config.ts';
import { createContextFactory } from '../src/context.ts';
import { connectOrdersDatabase } from '../src/db/client.ts';
import { buildOrdersDependencies } from '../src/dependencies.ts';
import { createOrdersServer } from '../src/server.ts';

const config = loadConfigOrExit(ordersEnv, 'orders-bench');
const logger = createLogger(`orders-bench-${config.STOCK_STRATEGY}`, config.LOG_LEVEL);
const database = connectOrdersDatabase(config.DATABASE_URL, { connectionLimit: config.DATABASE_POOL_SIZE });
const redis = createRedis(redisTarget(config));
const deps = buildOrdersDependencies(config, {
  db: database.db,
  redis,
  logger,
  eventsEnqueued: () => undefined,
});
const server = await serveGraphQL({
  apollo: createOrdersServer(logger),
  context: createContextFactory(deps, config.GATEWAY_SIGNING_SECRET),
  port: 0,
  host: '127.0.0.1',
  logger,
});
process.stdout.write(`${server.url}\n`);

process.on('SIGTERM', () => {
  server
    .close()
    .then(async () => {
      redis.disconnect();
      await database.close();
    })
    .finally(() => process.exit(0));
});
