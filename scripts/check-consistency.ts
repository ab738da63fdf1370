// `pnpm check:consistency`: audits Redis counters, catalog stock, orders and payments once the system is quiet
// and lists every violated invariant (docs/architecture.md#stock-rules). Exit 0 when consistent, 1 otherwise.
import { createRedis, redisEnv } from '@fcfs/shared';
import { checkConsistency } from '../test/consistency/index.ts';

const required = (name: string) => {
  const value = process.env[name];
  if (!value) {
    process.stderr.write(`check:consistency: ${name} is required\n`);
    process.exit(2);
  }
  return value;
};

const redis = createRedis({
  url: required('REDIS_URL'),
  clusterNodes: redisEnv.REDIS_CLUSTER_NODES.parse(process.env.REDIS_CLUSTER_NODES),
});
const productIds = process.argv.slice(2);
const violations = await checkConsistency(
  {
    catalogDatabaseUrl: required('CATALOG_DATABASE_URL'),
    ordersDatabaseUrl: required('ORDERS_DATABASE_URL'),
    paymentsDatabaseUrl: required('PAYMENTS_DATABASE_URL'),
    redis,
  },
  productIds.length > 0 ? { productIds } : {},
);
redis.disconnect();
for (const violation of violations)
  process.stdout.write(`${violation.rule}\t${violation.subject}\t${violation.detail}\n`);
process.stdout.write(
  violations.length === 0 ? 'consistent: no violated invariant\n' : `${violations.length} violations\n`,
);
process.exit(violations.length === 0 ? 0 : 1);
