#!/usr/bin/env bash
# `pnpm start`: the whole platform on this machine. Infrastructure first (docker compose where a Docker
# engine answers, else the native route), then migrations, the four subgraphs, the gateway and the storefront.
# Ctrl-C stops the Node services; `pnpm infra:down` stops the infrastructure.
set -euo pipefail
source "$(dirname "$0")/lib/toolchain.sh"
source "$(dirname "$0")/lib/local-env.sh"
cd "$FCFS_ROOT"

bash scripts/infra.sh up
load_local_env
node scripts/migrate.ts

mkdir -p .infra/logs
pids=()
# Each service exits within its SHUTDOWN_TIMEOUT (10 s) of one SIGTERM; one still there after 15 s is killed.
stop_all() {
  trap - INT TERM EXIT
  if [ ${#pids[@]} -eq 0 ]; then return; fi
  kill "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 1 150); do
    kill -0 "${pids[@]}" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop_all INT TERM EXIT

start_service() {
  local name=$1 port=$2 entry=$3 database_url=${4:-}
  echo "starting $name on :$port (log: .infra/logs/$name.log)"
  # Its own session: Ctrl-C reaches this script only, which sends each service one SIGTERM (a second signal
  # would cut the service's graceful stop short).
  # The tracing hook loads first so its instrumentations see every module; without OTEL_EXPORTER_OTLP_ENDPOINT
  # it does nothing.
  PORT=$port DATABASE_URL=$database_url OTEL_SERVICE_NAME=$name \
    setsid node --import @fcfs/shared/register-tracing "$entry" >".infra/logs/$name.log" 2>&1 &
  pids+=($!)
}

wait_healthy() {
  local name=$1 port=$2
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "$name did not become healthy; last log lines:" >&2
  tail -n 20 ".infra/logs/$name.log" >&2
  exit 1
}

start_service users 4001 subgraphs/users/src/main.ts "$USERS_DATABASE_URL"
start_service catalog 4002 subgraphs/catalog/src/main.ts "$CATALOG_DATABASE_URL"
start_service orders 4003 subgraphs/orders/src/main.ts "$ORDERS_DATABASE_URL"
start_service payments 4004 subgraphs/payments/src/main.ts "$PAYMENTS_DATABASE_URL"
for service in users:4001 catalog:4002 orders:4003 payments:4004; do wait_healthy "${service%%:*}" "${service##*:}"; done
start_service gateway 4000 gateway/src/main.ts
wait_healthy gateway 4000

echo "building the storefront (log: .infra/logs/storefront-build.log)"
if ! pnpm --filter @fcfs/storefront build >.infra/logs/storefront-build.log 2>&1; then
  tail -n 20 .infra/logs/storefront-build.log >&2
  exit 1
fi
start_service storefront 3000 storefront/server/main.ts
wait_healthy storefront 3000

echo
echo "FCFS is running: the storefront at http://localhost:3000, Apollo Sandbox at http://localhost:4000/graphql"
echo "(Ctrl-C stops the services)"
echo "Demo data: pnpm seed"
wait -n "${pids[@]}"
echo "a service stopped; see .infra/logs/" >&2
