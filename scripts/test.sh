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
bash scripts/infra.sh status >/dev/null 2>&1 || bash scripts/infra.sh up
load_local_env
export NODE_ENV=test LOG_LEVEL="${LOG_LEVEL:-warn}"

phase "migrations and seed data"
node scripts/migrate.ts
node scripts/seed.ts

phase "storefront production build (the browser tests use it)"
pnpm --filter @fcfs/storefront build

phase "tests"
node --test --test-concurrency=1 --test-timeout=600000 \
  "shared/test/**/*.test.ts" \
  "subgraphs/*/test/**/*.test.ts" \
  "gateway/test/**/*.test.ts" \
  "test/**/*.test.ts" \
  "storefront/test/**/*.test.ts"
