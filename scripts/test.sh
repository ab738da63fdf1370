#!/usr/bin/env bash
# The whole suite: lint + format, types, import circles, then every test against real MySQL/MariaDB, Redis,
# Kafka and SMTP, and the storefront's in Debian's Chromium. Starts whatever infrastructure is missing first.
set -euo pipefail
source "$(dirname "$0")/lib/toolchain.sh"
source "$(dirname "$0")/lib/local-env.sh"
cd "$FCFS_ROOT"
export PATH="$FCFS_ROOT/node_modules/.bin:$PATH"

phase() { printf '\n== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }

phase "lint and format (biome)"
biome ci .

phase "types (tsc)"
tsc -p tsconfig.json
tsc -p storefront/tsconfig.json

phase "import circles (madge)"
# Generated resolver types import the domain's mapper types and the domain imports them back; that one is codegen's.
madge --circular --no-spinner --extensions ts --exclude '(^|/)(node_modules|__generated__)/' \
  shared gateway subgraphs test scripts bench storefront/server storefront/test

phase "infrastructure"
# The local Redis Cluster too (7000-7005): the stock tests run a second time on it, below.
export REDIS_CLUSTER=1
bash scripts/infra.sh status >/dev/null 2>&1 || bash scripts/infra.sh up
load_local_env
# The tests read their own codes and notices from the catcher. One left holding a bench's tens of thousands of
# order mails answers SMTP too slowly for them ("Greeting never received"), so it starts empty.
curl -fsS -X DELETE "$MAILCATCHER_URL/email/all" >/dev/null
export NODE_ENV=test LOG_LEVEL="${LOG_LEVEL:-warn}"

phase "migrations and seed data"
node scripts/migrate.ts
node scripts/seed.ts

phase "storefront production build (the browser tests use it)"
# Vite follows NODE_ENV: under the suite's `test` it would bundle React's development build.
NODE_ENV=production pnpm --filter @fcfs/storefront build

phase "tests"
node --test --test-concurrency=1 --test-timeout=600000 \
  "shared/test/**/*.test.ts" \
  "subgraphs/*/test/**/*.test.ts" \
  "gateway/test/**/*.test.ts" \
  "test/**/*.test.ts" \
  "storefront/test/**/*.test.ts"

phase "tests on the Redis Cluster"
# The stock store's tests again with every service on the local cluster (scripts/lib/infra-redis-cluster.sh):
# the scripts, multi-product orders across slots, the rebuild, the flash-sale race and its consistency
# check and key slots, and a primary killed mid-sale (the failover test restarts the node it kills).
REDIS_CLUSTER_NODES=127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002 node --test --test-concurrency=1 --test-timeout=600000 \
  shared/test/stock-counters.test.ts \
  test/infra/redis-key-slots.test.ts \
  subgraphs/orders/test/multi-product-orders.test.ts \
  subgraphs/orders/test/orphan-holds.test.ts \
  subgraphs/orders/test/rebuild-counters.test.ts \
  test/e2e/flash-sale.test.ts \
  test/e2e/redis-failover.test.ts
