# A local Redis Cluster on the system's redis-server: three primaries on 7000-7002 with one replica each on
# 7003-7005, so a primary's death is a failover, not an outage. Started by `infra.sh up` with REDIS_CLUSTER=1
# (and by scripts/test.sh for the cluster tests); the single Redis on 6379 stays. Sourced by scripts/infra.sh.
# shellcheck shell=bash

REDIS_CLUSTER_PORTS=(7000 7001 7002 7003 7004 7005)
REDIS_CLUSTER_DIR="$INFRA_DIR/redis-cluster"
# The seeds services are given (REDIS_CLUSTER_NODES): ioredis learns the rest of the cluster from them.
REDIS_CLUSTER_SEEDS=127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002
# A primary silent this long is failed over to its replica (Redis's default, 15 s, is long for a sale).
REDIS_CLUSTER_NODE_TIMEOUT_MS=2000

redis_node_cli() { redis-cli -h 127.0.0.1 -p "$1" "${@:2}"; }
redis_node_alive() { [[ $(redis_node_cli "$1" ping 2>/dev/null) == PONG ]]; }
redis_cluster_info() { redis_node_cli 7000 cluster info 2>/dev/null | tr -d '\r'; }
redis_cluster_ok() {
  local info
  info=$(redis_cluster_info)
  [[ $info == *cluster_state:ok* && $info == *"cluster_known_nodes:${#REDIS_CLUSTER_PORTS[@]}"* ]]
}

# One node; its nodes.conf in its own folder keeps its identity, so a restarted node rejoins the cluster
# (as the replica of whichever node took over its slots). No persistence: like the single Redis, a lost
# node's data is rebuilt from MySQL (docs/architecture.md#redis-cluster).
redis_cluster_node_up() {
  local port=$1 dir="$REDIS_CLUSTER_DIR/$1"
  redis_node_alive "$port" && return 0
  if port_open "$port"; then
    die "port $port is taken by pid $(listener_pid "$port") ($(command_line "$(listener_pid "$port")")), not a redis-server"
  fi
  mkdir -p "$dir"
  start_detached "$dir/redis.pid" "$LOG_DIR/redis-$port.log" \
    redis-server --bind 127.0.0.1 --port "$port" --cluster-enabled yes --cluster-config-file nodes.conf \
    --cluster-node-timeout "$REDIS_CLUSTER_NODE_TIMEOUT_MS" --dir "$dir" --save "" --appendonly no
  wait_until 10 redis_node_alive "$port" ||
    { log_tail "$LOG_DIR/redis-$port.log"; die "Redis cluster node $port did not answer within 10 s"; }
}

redis_cluster_up() {
  need redis-server "apt-get install redis-server"
  local port
  for port in "${REDIS_CLUSTER_PORTS[@]}"; do redis_cluster_node_up "$port"; done
  if ! redis_cluster_ok && [[ $(redis_node_cli 7000 cluster info | tr -d '\r') == *cluster_known_nodes:1* ]]; then
    say "creating the Redis Cluster: primaries 7000-7002, replicas 7003-7005"
    redis-cli --cluster create $(printf '127.0.0.1:%s ' "${REDIS_CLUSTER_PORTS[@]}") --cluster-replicas 1 \
      --cluster-yes >>"$LOG_DIR/redis-cluster-create.log" 2>&1 ||
      { log_tail "$LOG_DIR/redis-cluster-create.log"; die "redis-cli --cluster create failed"; }
  fi
  wait_until 30 redis_cluster_ok ||
    die "the Redis Cluster on 7000-7005 is not ok within 30 s (redis-cli -p 7000 cluster info; .infra/logs/redis-*.log)"
}

redis_cluster_status() {
  if ! redis_node_alive 7000 && ! redis_node_alive 7001 && ! redis_node_alive 7002; then
    echo "RedisCl   down  no Redis Cluster node answers on 127.0.0.1:7000-7002 (REDIS_CLUSTER=1 pnpm infra:up)"
    return 1
  fi
  if ! redis_cluster_ok; then
    echo "RedisCl   down  nodes answer on 7000-7005 but the cluster is not ok ($(redis_cluster_info | grep cluster_state))"
    return 1
  fi
  local nodes primaries failed
  nodes=$(redis_node_cli 7000 cluster nodes 2>/dev/null || redis_node_cli 7001 cluster nodes)
  # A primary serves slots (field 9 on); a replica just created may still gossip as a slot-less master.
  primaries=$(awk '$3 ~ /master/ && $3 !~ /fail/ && NF >= 9' <<<"$nodes" | wc -l)
  failed=$(awk '$3 ~ /fail/ {print $2}' <<<"$nodes" | cut -d@ -f1 | paste -sd ' ')
  if [[ -n $failed ]]; then
    echo "RedisCl   down  the Redis Cluster serves, but node(s) $failed are down (pnpm infra:up starts them again)"
    return 1
  fi
  echo "RedisCl   up    Redis Cluster: $primaries primaries, each with a replica, on 127.0.0.1:7000-7005; REDIS_CLUSTER_NODES=$REDIS_CLUSTER_SEEDS"
}

redis_cluster_down() {
  local port pid
  for port in "${REDIS_CLUSTER_PORTS[@]}"; do
    if pid=$(live_pid "$REDIS_CLUSTER_DIR/$port/redis.pid" redis-server); then
      stop_pid "$pid" "Redis cluster node $port"
    fi
    rm -f "$REDIS_CLUSTER_DIR/$port/redis.pid"
  done
  say "Redis Cluster nodes stopped (their nodes.conf kept in .infra/redis-cluster: the next up rejoins them)"
}

# Whether this run manages the cluster too: asked for, or already running from an earlier `up`.
redis_cluster_wanted() { [[ ${REDIS_CLUSTER:-0} == 1 ]] || [[ -d $REDIS_CLUSTER_DIR ]]; }
