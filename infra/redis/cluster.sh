#!/bin/sh
# The compose profile `redis-cluster`: the same cluster scripts/infra.sh starts natively (three primaries on
# 7000-7002, a replica each on 7003-7005), as six redis-server processes in one container. The nodes
# announce the container's address, which the other containers and a Linux host both reach.
set -eu
for port in 7000 7001 7002 7003 7004 7005; do
  mkdir -p "/data/$port"
  redis-server --port "$port" --cluster-enabled yes --cluster-config-file nodes.conf \
    --cluster-node-timeout 2000 --dir "/data/$port" --save "" --appendonly no &
done
for port in 7000 7001 7002 7003 7004 7005; do
  until [ "$(redis-cli -p "$port" ping 2>/dev/null)" = PONG ]; do sleep 0.2; done
done
if redis-cli -p 7000 cluster info | grep -q cluster_known_nodes:1; then
  ip=$(hostname -i | cut -d' ' -f1)
  redis-cli --cluster create "$ip:7000" "$ip:7001" "$ip:7002" "$ip:7003" "$ip:7004" "$ip:7005" \
    --cluster-replicas 1 --cluster-yes
fi
# The container lives as long as its nodes; the healthcheck reports the cluster's state.
wait
