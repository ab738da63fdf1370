#!/usr/bin/env bash
# Development and test infrastructure: MySQL, Redis, Kafka and an SMTP catcher.
#   scripts/infra.sh up       start whatever is missing (idempotent), then print the status
#   scripts/infra.sh status   one line per service; exit 0 only when all four are up
#   scripts/infra.sh down     stop what this script started
#   scripts/infra.sh stop kafka | start kafka
#                             one broker down and back (fault tests: the platform must ride it out)
# REDIS_CLUSTER=1 adds a local Redis Cluster (3 primaries + 3 replicas on 7000-7005) beside the single Redis;
# once started, up/status/down keep handling it (scripts/lib/infra-redis-cluster.sh).
# With a Docker engine: the containers of docker-compose.yml. Without one: natively (scripts/lib/infra-native.sh).
# FCFS_INFRA=docker|native overrides the choice. Secrets and addresses land in .infra/local.env.
set -euo pipefail

# shellcheck source=scripts/lib/toolchain.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/toolchain.sh"
# shellcheck source=scripts/lib/infra-common.sh
source "$FCFS_ROOT/scripts/lib/infra-common.sh"
# shellcheck source=scripts/lib/infra-native.sh
source "$FCFS_ROOT/scripts/lib/infra-native.sh"
# shellcheck source=scripts/lib/infra-redis-cluster.sh
source "$FCFS_ROOT/scripts/lib/infra-redis-cluster.sh"
# shellcheck source=scripts/lib/infra-docker.sh
source "$FCFS_ROOT/scripts/lib/infra-docker.sh"

cd "$FCFS_ROOT"

mode() {
  case "${FCFS_INFRA:-auto}" in
  docker | native) echo "$FCFS_INFRA" ;;
  auto) if command -v docker >/dev/null && docker info >/dev/null 2>&1; then echo docker; else echo native; fi ;;
  *) die "FCFS_INFRA must be docker, native or auto, not '$FCFS_INFRA'" ;;
  esac
}

main() {
  local command=${1:-} service=${2:-} mode
  [[ $command =~ ^(up|down|status)$ || ($command =~ ^(stop|start)$ && $service == kafka) ]] ||
    die "usage: scripts/infra.sh up|down|status, or scripts/infra.sh stop|start kafka"
  mode=$(mode)
  mkdir -p "$LOG_DIR"
  case "$command" in
  up)
    local started=$SECONDS
    "${mode}_up"
    say "up ($mode) in $((SECONDS - started)) s; env: .infra/local.env"
    "${mode}_status"
    ;;
  status) "${mode}_status" ;;
  down) "${mode}_down" ;;
  stop) if [[ $mode == docker ]]; then compose stop kafka; else kafka_down; fi ;;
  start) if [[ $mode == docker ]]; then compose start kafka; else kafka_up; fi ;;
  esac
}

main "$@"
