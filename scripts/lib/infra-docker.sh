# Infrastructure in containers (docker-compose.yml), for machines where a Docker engine answers.
# Sourced by scripts/infra.sh, which runs from the repository root where compose finds .env.
# shellcheck shell=bash

INFRA_SERVICES=(mysql redis kafka mailcatcher)
# The compose profile's cluster: six nodes in one container (infra/redis/cluster.sh).
if [[ ${REDIS_CLUSTER:-0} == 1 ]]; then INFRA_SERVICES+=(redis-cluster); fi
DOTENV="$FCFS_ROOT/.env"

compose() {
  if docker compose version >/dev/null 2>&1; then
    docker compose "$@"
  elif command -v docker-compose >/dev/null; then
    docker-compose "$@"
  else
    die "neither 'docker compose' nor docker-compose is installed"
  fi
}

# Compose interpolates the secrets from .env; made once like .infra/local.env, and never committed.
docker_dotenv() {
  if [[ ! -f $DOTENV ]]; then
    new_env_file "$DOTENV" "Secrets for docker-compose.yml, made once by scripts/infra.sh up; never commit." \
      "Every other variable has a default in docker-compose.yml; see .env.example for all of them."
    say "generated .env with random secrets"
  fi
  ensure_key "$DOTENV" MYSQL_ROOT_PASSWORD rand_hex 16
  ensure_secrets "$DOTENV"
}

container_health() {
  local id
  id=$(compose ps -q "$1" 2>/dev/null)
  [[ -n $id ]] || { echo missing; return 0; }
  docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$id"
}

all_healthy() {
  local service
  for service in "${INFRA_SERVICES[@]}"; do
    [[ $(container_health "$service") == healthy ]] || return 1
  done
}

docker_up() {
  need openssl "apt-get install openssl"
  docker_dotenv
  ensure_jwt_keys
  local_env_from_dotenv "$DOTENV"
  say "starting ${INFRA_SERVICES[*]} with docker compose (log: .infra/logs/compose.log)"
  if docker compose version >/dev/null 2>&1; then
    docker compose up -d --wait "${INFRA_SERVICES[@]}" >>"$LOG_DIR/compose.log" 2>&1 ||
      { log_tail "$LOG_DIR/compose.log"; die "docker compose could not bring up ${INFRA_SERVICES[*]}"; }
  else
    # docker-compose 1.x has no --wait.
    docker-compose up -d "${INFRA_SERVICES[@]}" >>"$LOG_DIR/compose.log" 2>&1 ||
      { log_tail "$LOG_DIR/compose.log"; die "docker-compose could not start ${INFRA_SERVICES[*]}"; }
    wait_until 180 all_healthy || die "containers not healthy within 180 s (docker-compose ps; docker-compose logs)"
  fi
}

docker_status() {
  local failed=0 service health
  local -A where=([mysql]=127.0.0.1:3306 [redis]=127.0.0.1:6379 [kafka]=127.0.0.1:9092
    [mailcatcher]="SMTP 127.0.0.1:1025, HTTP http://127.0.0.1:1080" [redis-cluster]="127.0.0.1:7000-7005")
  for service in "${INFRA_SERVICES[@]}"; do
    health=$(container_health "$service")
    if [[ $health == healthy ]]; then
      printf '%-10s up    container %s (healthy), %s\n' "$service" "$service" "${where[$service]}"
    else
      printf '%-10s down  container %s is %s\n' "$service" "$service" "$health"
      failed=1
    fi
  done
  return "$failed"
}

docker_down() {
  compose down >>"$LOG_DIR/compose.log" 2>&1 || die "docker compose down failed (.infra/logs/compose.log)"
  say "containers stopped and removed (named volumes kept; docker compose down -v drops the data)"
}
